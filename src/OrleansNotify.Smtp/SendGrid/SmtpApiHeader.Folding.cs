using System.Text;

namespace OrleansNotify.Smtp.SendGrid;

public static partial class SmtpApiHeader
{
    /// <summary>Fold lines once they pass this many characters (SendGrid asks for lines under about 72).</summary>
    public const int FoldAt = 72;

    /// <summary>RFC 5322's hard limit, CRLF excluded.</summary>
    public const int MaxLineLength = 998;

    /// <summary>
    /// Folds compact JSON into header lines: a CRLF plus a space is inserted only after a structural
    /// comma or colon, never inside a string, so unfolding leaves whitespace between tokens and the
    /// JSON means the same. The first line counts the <c>X-SMTPAPI: </c> prefix.
    /// </summary>
    public static string Fold(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var folded = new StringBuilder(json.Length + (json.Length / FoldAt * 3) + 8);
        var line = Name.Length + 2;
        var inString = false;
        var escaped = false;
        foreach (var c in json)
        {
            folded.Append(c);
            line++;
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is ',' or ':' && line >= FoldAt)
            {
                folded.Append("\r\n ");
                line = 1;
            }
        }

        return folded.ToString();
    }

    /// <summary>The longest line of a folded value, the header name included on the first.</summary>
    public static int LongestLine(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        var longest = 0;
        var first = true;
        foreach (var part in folded.Split("\r\n"))
        {
            longest = Math.Max(longest, part.Length + (first ? Name.Length + 2 : 0));
            first = false;
        }

        return longest;
    }
}
