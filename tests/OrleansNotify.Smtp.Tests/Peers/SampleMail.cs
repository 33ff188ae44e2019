using OrleansNotify.Mail;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Peers;

/// <summary>A message using most of what the MIME builder supports, and the checks any parser must agree with.</summary>
public static class SampleMail
{
    public static readonly byte[] AttachmentBytes = [.. Enumerable.Range(0, 700).Select(i => (byte)(i * 7))];

    public static MailSendRequest Full(string to = "alice@example.test") => new()
    {
        From = new EmailAddress { Email = "sender@notify.test", Name = "Notify Sender" },
        ReplyTo = new EmailAddress { Email = "replies@notify.test" },
        Subject = "Your order ü 42",
        Content =
        [
            new MailContent { Type = "text/plain", Value = "Hello Alice,\nyour order shipped." },
            new MailContent { Type = "text/html", Value = "<p>Hello <b>Alice</b>, your order shipped.</p>" },
        ],
        Attachments = [new MailAttachment { Content = Convert.ToBase64String(AttachmentBytes), Type = "application/octet-stream", Filename = "invoice.bin" }],
        Headers = new Dictionary<string, string> { ["X-Order"] = "42" },
        Personalizations =
        [
            new Personalization
            {
                To = [new EmailAddress { Email = to, Name = "Alice" }],
                Cc = [new EmailAddress { Email = "carol@example.test" }],
                Bcc = [new EmailAddress { Email = "bob@example.test" }],
            },
        ],
    };

    /// <summary>What both independent parsers must read back from <see cref="Full"/>.</summary>
    public static void AssertParsed(ParsedMail parsed, string messageId, string to = "alice@example.test")
    {
        ArgumentNullException.ThrowIfNull(parsed);
        Assert.Equal("Your order ü 42", parsed.Subject);
        Assert.Equal(["sender@notify.test"], parsed.From);
        Assert.Equal([to], parsed.To);
        Assert.Equal(["carol@example.test"], parsed.Cc);
        Assert.Empty(parsed.Bcc); // bcc travels only in the envelope
        Assert.Contains(messageId, parsed.MessageId, StringComparison.Ordinal);
        Assert.Equal("Hello Alice,\nyour order shipped.", parsed.Text?.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
        Assert.Equal("<p>Hello <b>Alice</b>, your order shipped.</p>", parsed.Html?.TrimEnd('\r', '\n'));
        Assert.Equal("42", parsed.Headers["x-order"]);
        var attachment = Assert.Single(parsed.Attachments);
        Assert.Equal("invoice.bin", attachment.FileName);
        Assert.Equal(Convert.ToBase64String(AttachmentBytes), attachment.Base64);
    }
}
