using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace OrleansNotify.Templates;

/// <summary>
/// Finds the line of a compile error. Handlebars.Net puts it in some messages only, so when the
/// message has none, the line is the first whose prefix of the template no longer compiles for a
/// reason other than "unfinished" (an open block is fine until its end).
/// </summary>
public static partial class TemplateErrorLines
{
    public static int? Find(HandlebarsException exception, string source)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(source);
        var match = LineInMessage().Match(exception.Message);
        if (match.Success && int.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var line))
        {
            return line;
        }

        return ByPrefix(source);
    }

    /// <summary>The first line at which the template contains a closing tag that does not match, or an unclosed tag.</summary>
    private static int? ByPrefix(string source)
    {
        var lines = source.Split('\n');
        var depth = new Stack<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match tag in Tag().Matches(lines[i]))
            {
                var kind = tag.Groups[1].Value;
                var name = tag.Groups[2].Value;
                if (kind == "#")
                {
                    depth.Push(name);
                }
                else if (kind == "/" && (depth.Count == 0 || depth.Pop() != name))
                {
                    return i + 1;
                }
            }

            // "{{" left open on its line, or a stray "}}".
            if (Count(lines[i], "{{") != Count(lines[i], "}}"))
            {
                return i + 1;
            }
        }

        return depth.Count > 0 ? lines.Length : null;
    }

    private static int Count(string line, string token)
    {
        var count = 0;
        for (var at = line.IndexOf(token, StringComparison.Ordinal); at >= 0; at = line.IndexOf(token, at + token.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"line:?\s*(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineInMessage();

    [GeneratedRegex(@"\{\{~?\s*([#/])\s*([^\s}~]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
