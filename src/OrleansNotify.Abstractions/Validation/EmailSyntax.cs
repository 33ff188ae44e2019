namespace OrleansNotify.Validation;

/// <summary>
/// A strict, allocation-free check of an address as <c>local@domain</c> (RFC 5321/5322 dot-atom,
/// with RFC 6531 letters allowed). Quoted local parts, comments, domain literals and single-label
/// domains are refused: they are legal but rare, and each is a known way to confuse downstream
/// parsers. No regular expression, so no backtracking on hostile input.
/// </summary>
public static class EmailSyntax
{
    /// <summary>SendGrid's limit for a whole address.</summary>
    public const int MaxLength = 320;
    public const int MaxLocalPartLength = 64;
    public const int MaxDomainLength = 255;
    public const int MaxLabelLength = 63;

    public static bool IsValid(ReadOnlySpan<char> address)
    {
        if (address.Length is 0 or > MaxLength)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at > MaxLocalPartLength || address.Length - at - 1 > MaxDomainLength)
        {
            return false;
        }

        return IsValidLocalPart(address[..at]) && IsValidDomain(address[(at + 1)..]);
    }

    private static bool IsValidLocalPart(ReadOnlySpan<char> local)
    {
        var afterDot = true; // a leading dot is as bad as two in a row
        foreach (var c in local)
        {
            if (c == '.')
            {
                if (afterDot)
                {
                    return false;
                }

                afterDot = true;
            }
            else if (IsAtomChar(c))
            {
                afterDot = false;
            }
            else
            {
                return false;
            }
        }

        return !afterDot;
    }

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        var lastLabelNumeric = true;
        while (true)
        {
            var dot = domain.IndexOf('.');
            var label = dot < 0 ? domain : domain[..dot];
            if (!IsValidLabel(label, out lastLabelNumeric))
            {
                return false;
            }

            labels++;
            if (dot < 0)
            {
                break;
            }

            domain = domain[(dot + 1)..];
        }

        // Two labels at least, and a top-level label that is not a number (no bare IPv4).
        return labels >= 2 && !lastLabelNumeric;
    }

    private static bool IsValidLabel(ReadOnlySpan<char> label, out bool numeric)
    {
        numeric = true;
        if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (char.IsAsciiDigit(c))
            {
                continue;
            }

            numeric = false;
            if (!(c == '-' || char.IsAsciiLetter(c) || (c > '\u007f' && char.IsLetterOrDigit(c))))
            {
                return false;
            }
        }

        return true;
    }

    // RFC 5322 atext, plus letters and digits beyond ASCII (RFC 6531).
    private static bool IsAtomChar(char c) => char.IsAsciiLetterOrDigit(c)
        || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '/' or '=' or '?'
            or '^' or '_' or '`' or '{' or '|' or '}' or '~'
        || (c > '\u007f' && char.IsLetterOrDigit(c));
}
