namespace OrleansNotify.Tracking;

/// <summary>
/// An address the portal must not send to. <see cref="GroupId"/> 0 is global (bounce, spam report,
/// unsubscribe, invalid, manual); otherwise only messages of that unsubscribe group (asm.group_id) skip it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Suppression
{
    /// <summary>Lower case (addresses compare case-insensitively).</summary>
    [Id(0)] public required string Email { get; init; }
    [Id(1)] public required string Reason { get; init; }
    [Id(2)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public int GroupId { get; init; }
    /// <summary>SendGrid's words (bounce reason) or the caller's note.</summary>
    [Id(4)] public string? Detail { get; init; }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>Why an address is suppressed.</summary>
public static class SuppressionReasons
{
    public const string Bounce = "bounce";
    public const string Invalid = "invalid";
    public const string SpamReport = "spamreport";
    public const string Unsubscribe = "unsubscribe";
    public const string GroupUnsubscribe = "group_unsubscribe";
    public const string Manual = "manual";
}

/// <summary>A portal's suppressions as the sender path checks them: global addresses and per-group ones.</summary>
[GenerateSerializer, Immutable]
public sealed record SuppressionSnapshot
{
    public static SuppressionSnapshot Empty { get; } = new();

    [Id(0)] public IReadOnlySet<string> Global { get; init; } = new HashSet<string>();
    [Id(1)] public IReadOnlyDictionary<int, IReadOnlySet<string>> Groups { get; init; } = new Dictionary<int, IReadOnlySet<string>>();

    public bool IsEmpty => Global.Count == 0 && Groups.Count == 0;

    /// <summary>True when mail of <paramref name="groupId"/> (null: no group) must not go to <paramref name="email"/>.</summary>
    public bool IsSuppressed(string email, int? groupId)
    {
        var key = Suppression.Normalize(email);
        return Global.Contains(key) || (groupId is { } g && Groups.TryGetValue(g, out var group) && group.Contains(key));
    }

    // Default comparers (ordinal for strings): Orleans copies these sets, and custom comparers would not travel.
    public static SuppressionSnapshot From(IEnumerable<Suppression> suppressions)
    {
        var global = new HashSet<string>();
        var groups = new Dictionary<int, HashSet<string>>();
        foreach (var s in suppressions)
        {
            if (s.GroupId == 0)
            {
                global.Add(s.Email);
            }
            else
            {
                (groups.TryGetValue(s.GroupId, out var set) ? set : groups[s.GroupId] = new HashSet<string>()).Add(s.Email);
            }
        }

        return new SuppressionSnapshot { Global = global, Groups = groups.ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Value) };
    }
}
