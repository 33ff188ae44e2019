namespace OrleansNotify.Mime;

/// <summary>
/// SendGrid's legacy <c>substitutions</c>: every occurrence of a key (e.g. <c>-name-</c>) in the
/// subject and bodies is replaced by its value, ordinally, key by key.
/// </summary>
internal static class Substitutions
{
    public static string? Apply(string? text, IReadOnlyDictionary<string, string>? substitutions)
    {
        if (string.IsNullOrEmpty(text) || substitutions is null || substitutions.Count == 0)
        {
            return text;
        }

        foreach (var (key, value) in substitutions)
        {
            // string.Replace returns the same instance when the key is absent: no copy then.
            if (key.Length > 0)
            {
                text = text.Replace(key, value ?? string.Empty, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
