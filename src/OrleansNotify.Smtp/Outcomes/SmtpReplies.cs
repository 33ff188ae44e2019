using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansNotify.Smtp.Outcomes;

/// <summary>Reads what servers put in free-form reply text: the queue id of a 250 and a requested wait.</summary>
public static partial class SmtpReplies
{
    /// <summary>
    /// The queue id of a final 250 reply: Postfix "queued as 4F2…", Exim/SendGrid style "id=…", or
    /// "Ok: queued as &lt;id&gt;"; null when the server names none.
    /// </summary>
    public static string? QueueId(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var match = QueueIdPattern().Match(reply);
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>A wait the reply names ("try again in 30 seconds", "retry in 2 minutes"), if any.</summary>
    public static TimeSpan? RequestedWait(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var match = WaitPattern().Match(reply);
        if (!match.Success || !int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        return unit.StartsWith('h') ? TimeSpan.FromHours(n)
            : unit.StartsWith('m') ? TimeSpan.FromMinutes(n)
            : TimeSpan.FromSeconds(n);
    }

    [GeneratedRegex(@"(?:queued as|\bid=|\bqueue id:?)\s*<?(?<id>[A-Za-z0-9._@\-+=/]{1,128})>?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueueIdPattern();

    [GeneratedRegex(@"(?:try again|retry|wait)\D{0,24}?(?<n>\d{1,6})\s*(?<unit>seconds?|secs?|s\b|minutes?|mins?|m\b|hours?|h\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WaitPattern();
}
