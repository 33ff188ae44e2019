using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.Benchmarks.Load;

/// <summary>The small message every load request carries: one recipient, from the portal's default sender.</summary>
internal static class LoadMessage
{
    public static byte[] Body() => JsonSerializer.SerializeToUtf8Bytes(new MailSendRequest
    {
        Personalizations = [new Personalization { To = [new EmailAddress { Email = "reader@example.net", Name = "Reader" }] }],
        Subject = "Load test",
        Content = [new MailContent { Type = "text/plain", Value = "Hello from the OrleansNotify load tool." }],
        Categories = ["load"],
    }, MailJsonContext.Default.MailSendRequest);
}
