using OrleansNotify.Tracking;

namespace OrleansNotify.Testing.Tracking;

/// <summary>Builders of webhook events for tracking tests, and the direct count statistics must equal.</summary>
public static class TrackingEvents
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Types =
    [
        TrackingEventTypes.Processed, TrackingEventTypes.Dropped, TrackingEventTypes.Delivered, TrackingEventTypes.Deferred,
        TrackingEventTypes.Bounce, TrackingEventTypes.Open, TrackingEventTypes.Click, TrackingEventTypes.SpamReport,
        TrackingEventTypes.Unsubscribe, TrackingEventTypes.GroupUnsubscribe, TrackingEventTypes.GroupResubscribe, "future_event",
    ];

    public static TrackingEvent Event(string id, string type, DateTimeOffset at, string message = "m1", string email = "a@example.com",
        string[]? categories = null, string? provider = null, string? bounceType = null, string? reason = null, int? group = null, string? url = null) => new()
        {
            EventId = id,
            Type = type,
            Timestamp = at,
            Email = email,
            MessageId = message,
            ProviderMessageId = provider,
            Categories = categories ?? [],
            BounceType = bounceType,
            Reason = reason,
            AsmGroupId = group,
            Url = url,
            Raw = $"{{\"sg_event_id\":\"{id}\",\"event\":\"{type}\"}}",
        };

    /// <summary>A random stream over a few messages and hours: every type, categories fixed per message.</summary>
    public static List<TrackingEvent> RandomStream(Random random, int count, string prefix = "e")
    {
        var events = new List<TrackingEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var message = random.Next(12);
            var type = Types[random.Next(Types.Length)];
            events.Add(Event($"{prefix}{i}", type, T0.AddMinutes(random.Next(0, 60 * 50)).AddSeconds(random.Next(60)),
                message: $"m{message}", email: $"user{message % 5}@example.com",
                categories: (message % 3) switch { 0 => [], 1 => ["welcome"], _ => ["welcome", "digest"] },
                provider: $"prov{message}",
                bounceType: type == TrackingEventTypes.Bounce ? (random.Next(2) == 0 ? "bounce" : "blocked") : null,
                group: type.StartsWith("group_", StringComparison.Ordinal) ? 1 + random.Next(2) : null,
                url: type == TrackingEventTypes.Click ? $"https://example.com/{random.Next(3)}" : null));
        }

        return events;
    }

    /// <summary>Counters computed straight from stored events: what the incremental fold must equal.</summary>
    public static Dictionary<CounterKey, long> DirectCount(IEnumerable<TrackingEvent> events)
    {
        var counts = new Dictionary<CounterKey, long>();
        void Add(TrackingEvent e, TrackingMetric metric)
        {
            foreach (var category in TrackingFold.CategoryKeys(e.Categories))
            {
                var key = new CounterKey(TrackingFold.HourOf(e.Timestamp), category, metric);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var list = events.ToList();
        foreach (var e in list)
        {
            var metrics = e.Type switch
            {
                TrackingEventTypes.Processed => new[] { TrackingMetric.Requests, TrackingMetric.Processed },
                TrackingEventTypes.Dropped => [TrackingMetric.Requests, TrackingMetric.Drops],
                TrackingEventTypes.Delivered => [TrackingMetric.Delivered],
                TrackingEventTypes.Deferred => [TrackingMetric.Deferred],
                TrackingEventTypes.Bounce => [e.BounceType == "blocked" ? TrackingMetric.Blocks : TrackingMetric.Bounces],
                TrackingEventTypes.Open => [TrackingMetric.Opens],
                TrackingEventTypes.Click => [TrackingMetric.Clicks],
                TrackingEventTypes.SpamReport => [TrackingMetric.SpamReports],
                TrackingEventTypes.Unsubscribe or TrackingEventTypes.GroupUnsubscribe => [TrackingMetric.Unsubscribes],
                _ => [],
            };
            foreach (var metric in metrics)
            {
                Add(e, metric);
            }
        }

        foreach (var (kind, metric) in new[] { (TrackingEventTypes.Open, TrackingMetric.UniqueOpens), (TrackingEventTypes.Click, TrackingMetric.UniqueClicks) })
        {
            foreach (var first in list.Where(e => e.Type == kind).GroupBy(UniqueMark.KeyOf).Select(g => g.MinBy(e => e.Timestamp)!))
            {
                Add(first, metric);
            }
        }

        return counts.Where(c => c.Value != 0).ToDictionary();
    }
}
