using System.Buffers.Text;
using MimeKit;
using OrleansNotify.Mail;

namespace OrleansNotify.Mime;

/// <summary>
/// An attachment prepared once per message and shared by every personalization's email. SendGrid sends
/// the content as base64 already, so instead of decoding it and letting MimeKit re-encode it for each
/// email, the base64 is validated and wrapped into 76-character CRLF lines once; each email's part then
/// reads the same bytes through its own read-only stream (no copy, safe to write concurrently).
/// </summary>
internal sealed class EncodedAttachment
{
    private const int LineLength = 76;

    private EncodedAttachment(MailAttachment source, ContentType type, byte[] wrapped, int decodedLength)
    {
        Source = source;
        Type = type;
        Wrapped = wrapped;
        DecodedLength = decodedLength;
    }

    public MailAttachment Source { get; }
    public ContentType Type { get; }
    public byte[] Wrapped { get; }
    public int DecodedLength { get; }

    /// <summary>An inline part with a content id: the HTML body refers to it as <c>cid:</c>.</summary>
    public bool IsInline =>
        !string.IsNullOrEmpty(Source.ContentId) &&
        string.Equals(Source.Disposition, ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase);

    /// <exception cref="FormatException">The content is not valid base64.</exception>
    public static EncodedAttachment Create(MailAttachment attachment, int index)
    {
        var content = attachment.Content ?? string.Empty;
        if (!Base64.IsValid(content.AsSpan(), out var decodedLength))
        {
            throw new FormatException($"attachments.{index}.content is not valid base64.");
        }

        if (!ContentType.TryParse(attachment.Type ?? "application/octet-stream", out var type))
        {
            type = new ContentType("application", "octet-stream");
        }

        return new EncodedAttachment(attachment, type, Wrap(content), decodedLength);
    }

    /// <summary>A fresh part for one email, reading the shared bytes.</summary>
    public MimePart CreatePart()
    {
        var part = new MimePart(Type.MediaType, Type.MediaSubtype)
        {
            Content = new MimeContent(new MemoryStream(Wrapped, writable: false), ContentEncoding.Base64),
            ContentTransferEncoding = ContentEncoding.Base64,
            ContentDisposition = new ContentDisposition(
                IsInline ? ContentDisposition.Inline : ContentDisposition.Attachment),
        };

        foreach (var parameter in Type.Parameters)
        {
            part.ContentType.Parameters.Add(parameter.Name, parameter.Value);
        }

        if (!string.IsNullOrEmpty(Source.Filename))
        {
            part.FileName = Source.Filename;
        }

        if (!string.IsNullOrEmpty(Source.ContentId))
        {
            part.ContentId = Source.ContentId;
        }

        return part;
    }

    private static byte[] Wrap(string base64)
    {
        var significant = 0;
        foreach (var c in base64)
        {
            if (!char.IsWhiteSpace(c))
            {
                significant++;
            }
        }

        var lines = (significant + LineLength - 1) / LineLength;
        var wrapped = new byte[significant + (2 * lines)];
        var at = 0;
        var column = 0;
        foreach (var c in base64)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            wrapped[at++] = (byte)c;
            if (++column == LineLength)
            {
                wrapped[at++] = (byte)'\r';
                wrapped[at++] = (byte)'\n';
                column = 0;
            }
        }

        if (column > 0)
        {
            wrapped[at++] = (byte)'\r';
            wrapped[at] = (byte)'\n';
        }

        return wrapped;
    }
}
