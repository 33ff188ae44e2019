using System.Buffers.Text;
using System.Text;
using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

public static partial class MailValidator
{
    private static void CheckContent(MailSendRequest mail, ref ErrorList errors)
    {
        var content = mail.Content;
        if (content is null || content.Count == 0)
        {
            if (string.IsNullOrEmpty(mail.TemplateId))
            {
                errors.Add("content", "Content is required unless a template_id is given.", Help("content"));
            }

            return;
        }

        var highestRank = 0;
        for (var i = 0; i < content.Count; i++)
        {
            var part = content[i];
            if (part is null || string.IsNullOrEmpty(part.Type) || TextRules.HasLineBreak(part.Type) || !part.Type.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"content.{i}.type", "The content type must be a MIME type such as text/plain or text/html.", Help("content.type"));
            }
            else
            {
                // text/plain first, then text/html, then anything else (SendGrid's order).
                var rank = Rank(part.Type);
                if (rank < highestRank)
                {
                    errors.Add($"content.{i}.type", "When several contents are given, text/plain must come first, then text/html, then other types.", Help("content.type"));
                }

                highestRank = Math.Max(highestRank, rank);
            }

            if (string.IsNullOrEmpty(part?.Value))
            {
                errors.Add($"content.{i}.value", "The content value must be a string of at least one character.", Help("content.value"));
            }
        }
    }

    private static int Rank(string type)
    {
        var semicolon = type.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon < 0 ? type.AsSpan() : type.AsSpan(0, semicolon)).Trim();
        return media.Equals("text/plain", StringComparison.OrdinalIgnoreCase) ? 0
            : media.Equals("text/html", StringComparison.OrdinalIgnoreCase) ? 1
            : 2;
    }

    private static void CheckAttachments(MailSendRequest mail, ref ErrorList errors)
    {
        var attachments = mail.Attachments;
        if (attachments is null)
        {
            return;
        }

        for (var i = 0; i < attachments.Count; i++)
        {
            var a = attachments[i];
            if (a is null || string.IsNullOrEmpty(a.Content) || !Base64.IsValid(a.Content))
            {
                errors.Add($"attachments.{i}.content", "The attachment content must be a non-empty base64 string.", Help("attachments.content"));
            }

            if (a is null)
            {
                continue;
            }

            if (string.IsNullOrEmpty(a.Filename) || TextRules.HasControlChar(a.Filename))
            {
                errors.Add($"attachments.{i}.filename", "The attachment needs a filename without control characters.", Help("attachments.filename"));
            }

            if (a.Type is not null && (a.Type.Length == 0 || TextRules.HasLineBreak(a.Type)))
            {
                errors.Add($"attachments.{i}.type", "The attachment type must be a MIME type without line breaks.", Help("attachments.type"));
            }

            var inline = string.Equals(a.Disposition, "inline", StringComparison.Ordinal);
            if (a.Disposition is not null && !inline && !string.Equals(a.Disposition, "attachment", StringComparison.Ordinal))
            {
                errors.Add($"attachments.{i}.disposition", "The disposition must be 'attachment' or 'inline'.", Help("attachments.disposition"));
            }

            if (inline && string.IsNullOrEmpty(a.ContentId))
            {
                errors.Add($"attachments.{i}.content_id", "An inline attachment needs a content_id.", Help("attachments.content_id"));
            }
            else if (a.ContentId is not null && (a.ContentId.Length == 0 || !HeaderSafe(a.ContentId)))
            {
                errors.Add($"attachments.{i}.content_id", "The content_id must be printable ASCII without spaces.", Help("attachments.content_id"));
            }
        }
    }

    // A content id lands in a Content-ID header inside angle brackets: printable ASCII, no spaces or brackets.
    private static bool HeaderSafe(string value) =>
        !value.AsSpan().ContainsAnyExceptInRange('!', '~') && value.AsSpan().IndexOfAny('<', '>') < 0;

    /// <summary>
    /// Subjects, bodies and attachments together under 30 MB. Attachments count with their base64 length,
    /// as SendGrid measures the request, bodies with their UTF-8 size.
    /// </summary>
    private static void CheckTotalSize(MailSendRequest mail, ref ErrorList errors)
    {
        long total = Utf8Length(mail.Subject);
        if (mail.Content is { } content)
        {
            for (var i = 0; i < content.Count; i++)
            {
                total += Utf8Length(content[i]?.Value);
            }
        }

        var attachments = mail.Attachments;
        for (var i = 0; attachments is not null && i < attachments.Count; i++)
        {
            total += attachments[i]?.Content?.Length ?? 0;
        }

        if (total >= MailLimits.MaxTotalBytes)
        {
            var field = attachments is { Count: > 0 } ? "attachments" : "content";
            errors.Add(field, $"The message is {total} bytes; subject, content and base64 attachments together must stay under {MailLimits.MaxTotalBytes} bytes (30 MB).", Help(field));
        }
    }

    private static int Utf8Length(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
