using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansNotify.Mail;
using OrleansNotify.Mime;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp;
using OrleansNotify.Smtp.Connections;

namespace OrleansNotify.Smtp.Tests;

/// <summary>Builds notifiers, portals and messages the way the sender grain hands them over.</summary>
public sealed class SmtpTestKit : IDisposable
{
    public SmtpTestKit(TimeProvider? time = null, TimeSpan? timeout = null, int maxMessagesPerConnection = 5_000)
    {
        Time = time ?? TimeProvider.System;
        Options = new SmtpNotifierOptions
        {
            OperationTimeout = timeout ?? TimeSpan.FromSeconds(10),
            IdleTimeout = TimeSpan.FromSeconds(60),
            IdleSweepInterval = TimeSpan.FromSeconds(15),
            MaxMessagesPerConnection = maxMessagesPerConnection,
            LocalDomain = "notify.test",
        };
        var connector = new SmtpConnector(Options);
        Pools = new SmtpPools(connector, Options, Time);
        var factory = new MimeMessageFactory(Time);
        Smtp = new SmtpNotifier(NotifierKinds.Smtp, Pools, connector, factory.Create, Options, Time, NullLogger<SmtpNotifier>.Instance);
        SendGridSmtp = new SmtpNotifier(NotifierKinds.SendGridSmtp, Pools, connector, factory.Create, Options, Time, NullLogger<SmtpNotifier>.Instance);
    }

    public TimeProvider Time { get; }
    public SmtpNotifierOptions Options { get; }
    public SmtpPools Pools { get; }
    public SmtpNotifier Smtp { get; }
    public SmtpNotifier SendGridSmtp { get; }

    public static PortalConfig Portal(int port, string security = "none", string kind = NotifierKinds.Smtp, int concurrency = 4,
        string? user = null, string? password = null, string? trusted = null, bool allowPlain = false, PortalDefaults? defaults = null) => new()
    {
        Notifier = new NotifierConfig
        {
            Kind = kind,
            Host = "127.0.0.1",
            Port = port,
            Security = security,
            UserName = user,
            Password = password,
            ApiKey = kind == NotifierKinds.SendGridSmtp ? password : null,
            TrustedCertificate = trusted,
            AllowPlainTextAuth = allowPlain,
        },
        Defaults = defaults ?? new PortalDefaults(),
        Throttle = new ThrottleSettings { MaxConcurrency = concurrency },
    };

    public static MailSendRequest Mail(params string[] to) => new()
    {
        From = new EmailAddress { Email = "sender@notify.test", Name = "Notify" },
        Subject = "Hello from the tests",
        Content = [new MailContent { Type = "text/plain", Value = "plain body" }, new MailContent { Type = "text/html", Value = "<p>html body</p>" }],
        Personalizations = [new Personalization { To = [.. to.Select(t => new EmailAddress { Email = t })] }],
    };

    public static OutboundMessage Message(MailSendRequest mail, string? id = null) => new()
    {
        MessageId = id ?? Guid.NewGuid().ToString("N"),
        Body = JsonSerializer.SerializeToUtf8Bytes(mail, MailJsonContext.Default.MailSendRequest),
    };

    public static SendJob Job(PortalConfig portal, params OutboundMessage[] messages) =>
        new() { PortalId = "portal-1", Portal = portal, Messages = messages };

    public async Task<SendOutcome> SendOneAsync(PortalConfig portal, MailSendRequest mail, string? id = null)
    {
        var notifier = portal.Notifier?.Kind == NotifierKinds.SendGridSmtp ? SendGridSmtp : Smtp;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var outcomes = await notifier.SendAsync(Job(portal, Message(mail, id)), timeout.Token);
        return Assert.Single(outcomes);
    }

    public void Dispose() => Pools.Dispose();
}
