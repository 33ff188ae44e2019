using System.Security.Cryptography;
using MimeKit;
using OrleansNotify.Mail;
using OrleansNotify.Testing.Mime;

namespace OrleansNotify.Mime.Tests;

/// <summary>Small builders for mail/send bodies and the round trip through Python's parser.</summary>
internal static class Mails
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    public static EmailAddress Address(string email, string? name = null) => new() { Email = email, Name = name };

    public static Personalization To(string email, string? name = null) => new() { To = [Address(email, name)] };

    public static MailSendRequest NewMail(params MailContent[] content) => new()
    {
        From = Address("sender@example.com", "Sender"),
        Subject = "Hello",
        Personalizations = [To("rcpt@example.org")],
        Content = content,
    };

    public static MailContent Text(string value) => new() { Type = "text/plain", Value = value };

    public static MailContent Html(string value) => new() { Type = "text/html", Value = value };

    public static MailAttachment Attachment(byte[] bytes, string type, string filename, string? disposition = null, string? contentId = null) => new()
    {
        Content = Convert.ToBase64String(bytes),
        Type = type,
        Filename = filename,
        Disposition = disposition,
        ContentId = contentId,
    };

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static MimeMessageFactory Factory() => new(new FixedTime(Now));

    /// <summary>Writes the email with CRLF line ends (as SMTP and the pickup folder do) and parses it with Python.</summary>
    public static Task<ParsedEmail> ParseAsync(MimeEmail email)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return PythonMimeParser.ParseAsync((stream, ct) => email.Message.WriteToAsync(format, stream, ct));
    }

    /// <summary>Builds the mail's single email and parses it.</summary>
    public static async Task<ParsedEmail> BuildAndParseAsync(MailSendRequest mail, string messageId = "m1")
    {
        var email = Assert.Single(Factory().Create(mail, messageId));
        var parsed = await ParseAsync(email);
        Assert.All(parsed.Parts, p => Assert.Empty(p.Defects));
        return parsed;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
