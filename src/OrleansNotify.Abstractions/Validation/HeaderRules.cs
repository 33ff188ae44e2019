using System.Collections.Frozen;

namespace OrleansNotify.Validation;

/// <summary>Custom header names and values: RFC 5322 field names, no line breaks, none that SendGrid reserves.</summary>
public static class HeaderRules
{
    /// <summary>Header names SendGrid rejects (compared case-insensitively): it sets them itself.</summary>
    public static readonly FrozenSet<string> Reserved = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "x-sg-id", "x-sg-eid", "received", "dkim-signature", "content-type", "content-transfer-encoding",
        "to", "from", "subject", "reply-to", "cc", "bcc");

    public static bool IsReserved(string name) => Reserved.Contains(name);

    /// <summary>RFC 5322 field name: one or more printable ASCII chars (33–126) except the colon.</summary>
    public static bool IsValidFieldName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is < '!' or > '~' or ':')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What is wrong with one header, or null when it is acceptable.</summary>
    public static string? Problem(string name, string? value)
    {
        if (!IsValidFieldName(name))
        {
            return "The header name must be printable ASCII without spaces, colons or line breaks.";
        }

        if (IsReserved(name))
        {
            return $"The header '{name}' is reserved and set by the mail service; it cannot be set in headers.";
        }

        if (value is null)
        {
            return "The header value must be a string.";
        }

        return TextRules.HasLineBreak(value) ? "The header value must not contain CR, LF or NUL characters." : null;
    }
}
