namespace OrleansNotify.Tracking;

/// <summary>The counters kept per portal, hour and category (stored by number: never renumber).</summary>
public enum TrackingMetric : short
{
    Requests = 0,
    Processed = 1,
    Delivered = 2,
    Deferred = 3,
    Bounces = 4,
    Blocks = 5,
    Drops = 6,
    SpamReports = 7,
    Unsubscribes = 8,
    Opens = 9,
    UniqueOpens = 10,
    Clicks = 11,
    UniqueClicks = 12,
}

/// <summary>One counter cell: portal-local hour (UTC, whole hour), category ("" = all), metric.</summary>
[GenerateSerializer, Immutable]
public readonly record struct CounterKey(
    [property: Id(0)] DateTimeOffset Hour,
    [property: Id(1)] string Category,
    [property: Id(2)] TrackingMetric Metric);

/// <summary>A counter's value (stores return these; deltas use the same shape).</summary>
[GenerateSerializer, Immutable]
public readonly record struct CounterValue(
    [property: Id(0)] CounterKey Key,
    [property: Id(1)] long Count);

/// <summary>
/// The first open (or click) of one recipient of one message: uniques count it in the hour it falls in.
/// An earlier event arriving later moves it, so uniques match a count over the stored events.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UniqueMark
{
    /// <summary><c>open</c> or <c>click</c>.</summary>
    [Id(0)] public required string Kind { get; init; }
    /// <summary><see cref="TrackingEvent.MessageKey"/> + "\n" + lower-case email.</summary>
    [Id(1)] public required string Key { get; init; }
    [Id(2)] public required DateTimeOffset FirstAt { get; init; }
    [Id(3)] public IReadOnlyList<string> Categories { get; init; } = [];

    public static string KeyOf(TrackingEvent e) => e.MessageKey + "\n" + Suppression.Normalize(e.Email ?? "");
}
