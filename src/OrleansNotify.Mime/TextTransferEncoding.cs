using MimeKit;

namespace OrleansNotify.Mime;

/// <summary>
/// Chooses the Content-Transfer-Encoding of a text body from the string itself, in one pass:
/// 7bit when it is ASCII with lines of at most 78 characters, quoted-printable otherwise. Deciding here
/// keeps the output the same for the pickup folder and for SMTP (MailKit leaves QP and 7bit parts as
/// they are) and avoids MimeKit's measuring pass over the encoded bytes.
/// </summary>
internal static class TextTransferEncoding
{
    private const int MaxSevenBitLine = 78;

    public static ContentEncoding For(string text)
    {
        var line = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line = 0;
                continue;
            }

            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            // Non-ASCII, control characters such as NUL or a bare CR, and long lines need encoding.
            if (c > 126 || (c < 32 && c != '\t') || ++line > MaxSevenBitLine)
            {
                return ContentEncoding.QuotedPrintable;
            }
        }

        return ContentEncoding.SevenBit;
    }
}
