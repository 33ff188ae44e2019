using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Portals;
using OrleansNotify.Validation;

namespace OrleansNotify.Benchmarks.Hot;

/// <summary>The messages the hot-path benchmarks share: a small one and one with 1,000 recipients.</summary>
internal static class BenchmarkMessages
{
    public static readonly MailValidationContext Context = new() { Now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero) };

    public static readonly PortalDefaults Defaults = new()
    {
        From = new EmailAddress { Email = "noreply@example.com", Name = "Example" },
        Categories = ["Primary"],
        DeliveryImportance = DeliveryImportance.High,
        IpPoolName = "marketing",
        ClickTracking = true,
        OpenTracking = true,
    };

    /// <summary>What most portals send: one recipient, a subject, text and HTML.</summary>
    public static MailSendRequest Small() => new()
    {
        Personalizations = [new Personalization { To = [new EmailAddress { Email = "ann@example.com", Name = "Ann" }] }],
        From = new EmailAddress { Email = "shop@example.com", Name = "Shop" },
        Subject = "Your order has shipped",
        Content =
        [
            new MailContent { Type = "text/plain", Value = "Hello Ann, your order 42 is on its way." },
            new MailContent { Type = "text/html", Value = "<p>Hello Ann, your order <b>42</b> is on its way.</p>" },
        ],
        Categories = ["Orders"],
    };

    /// <summary>A newsletter: 1,000 personalizations of one recipient each, with per-recipient values.</summary>
    public static MailSendRequest ThousandPersonalizations() => Small() with
    {
        Personalizations = [.. Enumerable.Range(0, 1000).Select(i => new Personalization
        {
            To = [new EmailAddress { Email = $"user{i}@example.com", Name = $"User {i}" }],
            Substitutions = new Dictionary<string, string> { ["-name-"] = $"User {i}" },
            CustomArgs = new Dictionary<string, string> { ["user_id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        })],
    };

    /// <summary>One email to 1,000 recipients in one personalization (1 to + 999 bcc): the duplicate set path.</summary>
    public static MailSendRequest ThousandInOnePersonalization() => Small() with
    {
        Personalizations =
        [
            new Personalization
            {
                To = [new EmailAddress { Email = "list@example.com" }],
                Bcc = [.. Enumerable.Range(0, 999).Select(i => new EmailAddress { Email = $"user{i}@example.com" })],
            },
        ],
    };

    public static byte[] Json(MailSendRequest mail) => JsonSerializer.SerializeToUtf8Bytes(mail, MailJsonContext.Default.MailSendRequest);
}
