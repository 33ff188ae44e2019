using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Benchmarks.SendGrid;

/// <summary>The messages both paths send: the bare loop posts exactly the JSON the notifier would.</summary>
internal static class SendGridWorkload
{
    public const string PortalId = "bench-portal";

    /// <summary>The notifier writes with relaxed escaping; the bare loop posts byte-identical bodies.</summary>
    private static readonly MailJsonContext Wire = new(new JsonSerializerOptions(MailJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static readonly PortalDefaults Defaults = new()
    {
        Categories = ["bench"],
        ClickTracking = true,
        OpenTracking = true,
    };

    public static PortalConfig Portal(string baseUrl, string apiKey) => new()
    {
        Notifier = new NotifierConfig { Kind = NotifierKinds.SendGrid, ApiKey = apiKey, BaseUrl = baseUrl },
        Defaults = Defaults,
    };

    public static MailSendRequest Mail(int i) => new()
    {
        Personalizations = [new Personalization
        {
            To = [new EmailAddress { Email = $"user{i}@example.com", Name = $"User {i}" }],
            CustomArgs = new Dictionary<string, string> { ["order"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }],
        From = new EmailAddress { Email = "noreply@example.org", Name = "Bench" },
        Subject = "Your receipt",
        Content =
        [
            new MailContent { Type = "text/plain", Value = "Thank you for your order. " + new string('x', 400) },
            new MailContent { Type = "text/html", Value = "<p>Thank you for your order.</p>" + new string('y', 600) },
        ],
    };

    public static OutboundMessage Message(int i) => new()
    {
        MessageId = $"m{i:D8}",
        Body = JsonSerializer.SerializeToUtf8Bytes(Mail(i), MailJsonContext.Default.MailSendRequest),
    };

    public static SendJob Job(PortalConfig portal, int first, int count) => new()
    {
        PortalId = PortalId,
        Portal = portal,
        Messages = Enumerable.Range(first, count).Select(Message).ToArray(),
    };

    /// <summary>The merged body of one message, as the notifier serialises it.</summary>
    public static byte[] SingleBody(int i) =>
        JsonSerializer.SerializeToUtf8Bytes(Mail(i).ApplyPortal(PortalId, $"m{i:D8}", Defaults), Wire.MailSendRequest);

    /// <summary>The body of one batched call: the merged messages' personalizations concatenated.</summary>
    public static byte[] BatchBody(int first, int count)
    {
        var merged = Enumerable.Range(first, count).Select(i => Mail(i).ApplyPortal(PortalId, $"m{i:D8}", Defaults)).ToArray();
        var call = merged[0] with { Personalizations = merged.SelectMany(m => m.Personalizations!).ToArray() };
        return JsonSerializer.SerializeToUtf8Bytes(call, Wire.MailSendRequest);
    }
}
