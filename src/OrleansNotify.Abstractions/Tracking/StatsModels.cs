namespace OrleansNotify.Tracking;

public enum StatsInterval
{
    Day,
    Hour,
}

/// <summary>What <c>GET /v1/portals/{portalId}/stats</c> asks: [from, to) in UTC, one category or all.</summary>
[GenerateSerializer, Immutable]
public sealed record StatsQuery(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string? Category,
    [property: Id(3)] StatsInterval Interval);

/// <summary>One interval of one category (null: all categories).</summary>
[GenerateSerializer, Immutable]
public sealed record StatsBucket
{
    [Id(0)] public required DateTimeOffset Start { get; init; }
    [Id(1)] public string? Category { get; init; }
    [Id(2)] public required StatsMetrics Metrics { get; init; }
}

/// <summary>SendGrid-like metrics; rates are fractions (0..1) with requests or delivered as the base.</summary>
[GenerateSerializer, Immutable]
public sealed record StatsMetrics
{
    [Id(0)] public long Requests { get; init; }
    [Id(1)] public long Processed { get; init; }
    [Id(2)] public long Delivered { get; init; }
    [Id(3)] public long Deferred { get; init; }
    [Id(4)] public long Bounces { get; init; }
    [Id(5)] public long Blocks { get; init; }
    [Id(6)] public long Drops { get; init; }
    [Id(7)] public long SpamReports { get; init; }
    [Id(8)] public long Unsubscribes { get; init; }
    [Id(9)] public long Opens { get; init; }
    [Id(10)] public long UniqueOpens { get; init; }
    [Id(11)] public long Clicks { get; init; }
    [Id(12)] public long UniqueClicks { get; init; }
    /// <summary>delivered / requests.</summary>
    [Id(13)] public double DeliveryRate { get; init; }
    /// <summary>uniqueOpens / delivered.</summary>
    [Id(14)] public double OpenRate { get; init; }
    /// <summary>uniqueClicks / delivered.</summary>
    [Id(15)] public double ClickRate { get; init; }
    /// <summary>bounces / requests.</summary>
    [Id(16)] public double BounceRate { get; init; }

    public static StatsMetrics From(IReadOnlyDictionary<TrackingMetric, long> c)
    {
        ArgumentNullException.ThrowIfNull(c);
        long Get(TrackingMetric m) => c.GetValueOrDefault(m);
        static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
        return new StatsMetrics
        {
            Requests = Get(TrackingMetric.Requests),
            Processed = Get(TrackingMetric.Processed),
            Delivered = Get(TrackingMetric.Delivered),
            Deferred = Get(TrackingMetric.Deferred),
            Bounces = Get(TrackingMetric.Bounces),
            Blocks = Get(TrackingMetric.Blocks),
            Drops = Get(TrackingMetric.Drops),
            SpamReports = Get(TrackingMetric.SpamReports),
            Unsubscribes = Get(TrackingMetric.Unsubscribes),
            Opens = Get(TrackingMetric.Opens),
            UniqueOpens = Get(TrackingMetric.UniqueOpens),
            Clicks = Get(TrackingMetric.Clicks),
            UniqueClicks = Get(TrackingMetric.UniqueClicks),
            DeliveryRate = Rate(Get(TrackingMetric.Delivered), Get(TrackingMetric.Requests)),
            OpenRate = Rate(Get(TrackingMetric.UniqueOpens), Get(TrackingMetric.Delivered)),
            ClickRate = Rate(Get(TrackingMetric.UniqueClicks), Get(TrackingMetric.Delivered)),
            BounceRate = Rate(Get(TrackingMetric.Bounces), Get(TrackingMetric.Requests)),
        };
    }

    /// <summary>Hourly counters into buckets of the interval (days start at 00:00 UTC), in time order.</summary>
    public static IReadOnlyList<StatsBucket> Bucket(IEnumerable<CounterValue> counters, StatsInterval interval, string? category)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return counters
            .GroupBy(c => interval == StatsInterval.Hour ? c.Key.Hour : new DateTimeOffset(c.Key.Hour.UtcDateTime.Date, TimeSpan.Zero))
            .OrderBy(g => g.Key)
            .Select(g => new StatsBucket
            {
                Start = g.Key,
                Category = category,
                Metrics = From(g.GroupBy(c => c.Key.Metric).ToDictionary(m => m.Key, m => m.Sum(c => c.Count))),
            })
            .ToArray();
    }
}
