using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>The message every contender sends: one recipient, text and HTML, about 1 KB on the wire.</summary>
internal static class SmtpWorkload
{
    public static MailSendRequest Mail { get; } = new()
    {
        From = new EmailAddress { Email = "sender@notify.test", Name = "Notify" },
        Subject = "Benchmark message",
        Content =
        [
            new MailContent { Type = "text/plain", Value = "Hello Alice,\nyour order shipped." },
            new MailContent { Type = "text/html", Value = "<p>Hello <b>Alice</b>, your order shipped.</p>" },
        ],
        Personalizations = [new Personalization { To = [new EmailAddress { Email = "alice@example.test", Name = "Alice" }] }],
    };

    public static byte[] Body { get; } = JsonSerializer.SerializeToUtf8Bytes(Mail, MailJsonContext.Default.MailSendRequest);

    public static PortalConfig Portal(int port, int concurrency) => new()
    {
        Notifier = new NotifierConfig { Kind = NotifierKinds.Smtp, Host = "127.0.0.1", Port = port, Security = "none" },
        Throttle = new ThrottleSettings { MaxConcurrency = concurrency },
    };

    /// <summary>A job of <paramref name="count"/> messages with ids up to <paramref name="last"/>.</summary>
    public static SendJob Job(PortalConfig portal, long last, int count = 1) => new()
    {
        PortalId = "bench",
        Portal = portal,
        Messages = [.. Enumerable.Range(0, count).Select(i => new OutboundMessage { MessageId = (last - i).ToString("x32", System.Globalization.CultureInfo.InvariantCulture), Body = Body })],
    };

    public static void EnsureSent(IReadOnlyList<SendOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            if (outcome.Result != SendResult.Sent)
            {
                throw new InvalidOperationException($"not sent: {outcome.Result} {outcome.Detail}");
            }
        }
    }
}
