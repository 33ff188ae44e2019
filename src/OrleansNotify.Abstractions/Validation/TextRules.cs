using System.Buffers;

namespace OrleansNotify.Validation;

/// <summary>Character rules shared by the mail and portal validators.</summary>
public static class TextRules
{
    // CR and LF end a header line (header injection); NUL is cut off or rejected by mail servers.
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\0");

    /// <summary>True when the text holds CR, LF or NUL: it must never reach a header or SMTP command.</summary>
    public static bool HasLineBreak(ReadOnlySpan<char> text) => text.ContainsAny(LineBreaks);

    /// <summary>True when every char is printable ASCII (space to tilde).</summary>
    public static bool IsPrintableAscii(ReadOnlySpan<char> text)
    {
        // A plain loop: these strings are short, and it allocates nothing at any JIT tier.
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the text holds any control character (C0, DEL or C1).</summary>
    public static bool HasControlChar(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
