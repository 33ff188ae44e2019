using System.Text;
using MimeKit;
using OrleansNotify.Mail;

namespace OrleansNotify.Mime;

public sealed partial class MimeMessageFactory
{
    /// <summary>
    /// The body tree, as MimeKit's BodyBuilder shapes it: text and HTML as multipart/alternative (text
    /// first); inline parts with a content id in a multipart/related around the HTML they belong to;
    /// everything else in a multipart/mixed. Content types other than text/plain and text/html (e.g.
    /// text/calendar) follow as further alternatives, in the order given.
    /// </summary>
    private static MimeEntity BuildBody(
        IReadOnlyList<MailContent>? content, IReadOnlyDictionary<string, string>? substitutions, EncodedAttachment[] attachments)
    {
        TextPart? text = null;
        TextPart? html = null;
        List<MimeEntity>? others = null;
        foreach (var item in content ?? [])
        {
            var part = CreateText(item.Type, Substitutions.Apply(item.Value, substitutions) ?? string.Empty);
            if (text is null && part.IsPlain)
            {
                text = part;
            }
            else if (html is null && part.IsHtml)
            {
                html = part;
            }
            else
            {
                (others ??= []).Add(part);
            }
        }

        MimeEntity? htmlTree = html;
        List<MimeEntity>? mixed = null;
        foreach (var attachment in attachments)
        {
            if (html is not null && attachment.IsInline)
            {
                var related = htmlTree as MultipartRelated ?? Related(html);
                related.Add(attachment.CreatePart());
                htmlTree = related;
            }
            else
            {
                (mixed ??= []).Add(attachment.CreatePart());
            }
        }

        var body = Alternatives(text, htmlTree, others);
        if (mixed is null)
        {
            return body;
        }

        var root = new Multipart("mixed") { body };
        foreach (var part in mixed)
        {
            root.Add(part);
        }

        return root;
    }

    private static MultipartRelated Related(TextPart html)
    {
        // RFC 2387 asks for the root's type on the multipart/related itself.
        var related = new MultipartRelated { html };
        related.ContentType.Parameters["type"] = html.ContentType.MimeType;
        return related;
    }

    private static MimeEntity Alternatives(TextPart? text, MimeEntity? html, List<MimeEntity>? others)
    {
        var count = (text is null ? 0 : 1) + (html is null ? 0 : 1) + (others?.Count ?? 0);
        if (count == 0)
        {
            // A template-only message has no content of its own: send an empty text part.
            return CreateText("text/plain", string.Empty);
        }

        if (count == 1)
        {
            return text ?? html ?? others![0];
        }

        var alternative = new MultipartAlternative();
        if (text is not null)
        {
            alternative.Add(text);
        }

        if (html is not null)
        {
            alternative.Add(html);
        }

        foreach (var other in others ?? [])
        {
            alternative.Add(other);
        }

        return alternative;
    }

    private static TextPart CreateText(string? type, string value)
    {
        var subtype = "plain";
        if (KnownSubtype(type) is { } known)
        {
            subtype = known;
        }
        else if (type is not null && ContentType.TryParse(type, out var parsed) &&
            parsed.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            subtype = parsed.MediaSubtype;
        }

        var part = new TextPart(subtype);
        part.SetText(Encoding.UTF8, value);
        part.ContentTransferEncoding = TextTransferEncoding.For(value);
        return part;
    }

    /// <summary>The two types nearly every message has, without MimeKit's parser (a few µs each).</summary>
    private static string? KnownSubtype(string? type) =>
        string.Equals(type, "text/plain", StringComparison.OrdinalIgnoreCase) ? "plain"
        : string.Equals(type, "text/html", StringComparison.OrdinalIgnoreCase) ? "html"
        : null;
}
