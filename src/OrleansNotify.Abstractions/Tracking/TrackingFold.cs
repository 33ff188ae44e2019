using System.Runtime.InteropServices;

namespace OrleansNotify.Tracking;

/// <summary>What a batch of new events changes: counter deltas, first-open/click marks, suppressions.</summary>
public sealed record TrackingChanges(
    IReadOnlyList<CounterValue> Counters,
    IReadOnlyList<UniqueMark> Marks,
    IReadOnlyList<SuppressionChange> Suppressions);

/// <summary>Adds <see cref="Add"/>, or removes (<see cref="RemoveEmail"/>, <see cref="RemoveGroup"/>).</summary>
public readonly record struct SuppressionChange(Suppression? Add, string? RemoveEmail = null, int RemoveGroup = 0);

/// <summary>
/// The fold every <see cref="ITrackingStore"/> applies to the events a batch adds, so both stores count
/// alike. Counters are hourly (UTC) per category plus "" for all; a day is the sum of its hours.
/// requests = processed + drops. Uniques: a recipient's earliest open/click of a message counts once.
/// </summary>
public static class TrackingFold
{
    private static readonly string[] AllOnly = [""];

    public static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>"" (all) and each distinct category of the event, in order.</summary>
    public static IReadOnlyList<string> CategoryKeys(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Count == 0)
        {
            return AllOnly;
        }

        // Events carry a few categories (SendGrid allows 10): a scan is cheaper than a set per event.
        var keys = new List<string>(categories.Count + 1) { "" };
        foreach (var category in categories)
        {
            if (category.Length > 0 && !keys.Contains(category, StringComparer.Ordinal))
            {
                keys.Add(category);
            }
        }

        return keys;
    }

    /// <summary>The (kind, key) of every unique mark the events may touch, for the store to load first.</summary>
    public static IReadOnlyList<(string Kind, string Key)> MarkKeysOf(IEnumerable<TrackingEvent> events) =>
        events.Where(e => e.Type is TrackingEventTypes.Open or TrackingEventTypes.Click)
            .Select(e => (e.Type, UniqueMark.KeyOf(e))).Distinct().ToArray();

    public static TrackingChanges Fold(IReadOnlyList<TrackingEvent> events, IReadOnlyDictionary<(string Kind, string Key), UniqueMark> known)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(known);
        var counters = new Dictionary<CounterKey, long>();
        var marks = new Dictionary<(string, string), UniqueMark>();
        var suppressions = new List<SuppressionChange>();

        void Count(DateTimeOffset hour, IReadOnlyList<string> categoryKeys, TrackingMetric metric, long delta)
        {
            foreach (var category in categoryKeys)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counters, new CounterKey(hour, category, metric), out _) += delta;
            }
        }

        foreach (var e in events)
        {
            // Hour and category keys once per event, not once per metric it counts in.
            var hour = HourOf(e.Timestamp);
            var categoryKeys = CategoryKeys(e.Categories);
            foreach (var metric in MetricsOf(e))
            {
                Count(hour, categoryKeys, metric, 1);
            }

            if (e.Type is TrackingEventTypes.Open or TrackingEventTypes.Click)
            {
                var unique = e.Type == TrackingEventTypes.Open ? TrackingMetric.UniqueOpens : TrackingMetric.UniqueClicks;
                var id = (e.Type, UniqueMark.KeyOf(e));
                var mark = marks.GetValueOrDefault(id) ?? known.GetValueOrDefault(id);
                if (mark is null || e.Timestamp < mark.FirstAt)
                {
                    if (mark is not null)
                    {
                        Count(HourOf(mark.FirstAt), CategoryKeys(mark.Categories), unique, -1); // an earlier one arrived late
                    }

                    Count(hour, categoryKeys, unique, 1);
                    marks[id] = new UniqueMark { Kind = e.Type, Key = id.Item2, FirstAt = e.Timestamp, Categories = e.Categories };
                }
            }

            if (SuppressionOf(e) is { } change)
            {
                suppressions.Add(change);
            }
        }

        return new TrackingChanges(
            counters.Where(c => c.Value != 0).Select(c => new CounterValue(c.Key, c.Value)).ToArray(),
            marks.Values.ToArray(),
            suppressions);
    }

    /// <summary>The counters one event adds to (uniques aside).</summary>
    public static IEnumerable<TrackingMetric> MetricsOf(TrackingEvent e) => e.Type switch
    {
        TrackingEventTypes.Processed => [TrackingMetric.Requests, TrackingMetric.Processed],
        TrackingEventTypes.Dropped => [TrackingMetric.Requests, TrackingMetric.Drops],
        TrackingEventTypes.Delivered => [TrackingMetric.Delivered],
        TrackingEventTypes.Deferred => [TrackingMetric.Deferred],
        TrackingEventTypes.Bounce => [IsBlock(e) ? TrackingMetric.Blocks : TrackingMetric.Bounces],
        TrackingEventTypes.Open => [TrackingMetric.Opens],
        TrackingEventTypes.Click => [TrackingMetric.Clicks],
        TrackingEventTypes.SpamReport => [TrackingMetric.SpamReports],
        TrackingEventTypes.Unsubscribe or TrackingEventTypes.GroupUnsubscribe => [TrackingMetric.Unsubscribes],
        _ => [],
    };

    public static bool IsBlock(TrackingEvent e) => string.Equals(e.BounceType, "blocked", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Bounces, drops for an invalid address, spam reports and unsubscribes add; a group resubscribe
    /// removes that group's entry. Blocks (bounce with type "blocked", issue 8's "block (optional)") do
    /// not: the receiving server refused the message or the sending IP (content, reputation, rate), not
    /// the address, and SendGrid itself keeps sending to blocked addresses. They count as blocks in the
    /// statistics and show in the timeline; a portal that wants one suppressed PUTs it by hand.
    /// </summary>
    public static SuppressionChange? SuppressionOf(TrackingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrWhiteSpace(e.Email))
        {
            return null;
        }

        string? reason = e.Type switch
        {
            TrackingEventTypes.Bounce when !IsBlock(e) => SuppressionReasons.Bounce,
            TrackingEventTypes.Dropped when e.Reason?.StartsWith("Invalid", StringComparison.OrdinalIgnoreCase) == true => SuppressionReasons.Invalid,
            TrackingEventTypes.SpamReport => SuppressionReasons.SpamReport,
            TrackingEventTypes.Unsubscribe => SuppressionReasons.Unsubscribe,
            TrackingEventTypes.GroupUnsubscribe when e.AsmGroupId > 0 => SuppressionReasons.GroupUnsubscribe,
            _ => null,
        };
        if (reason is not null)
        {
            return new SuppressionChange(new Suppression
            {
                Email = Suppression.Normalize(e.Email),
                Reason = reason,
                CreatedAt = e.Timestamp,
                GroupId = reason == SuppressionReasons.GroupUnsubscribe ? e.AsmGroupId!.Value : 0,
                Detail = e.Reason ?? e.Classification,
            });
        }

        return e.Type == TrackingEventTypes.GroupResubscribe && e.AsmGroupId > 0
            ? new SuppressionChange(null, Suppression.Normalize(e.Email), e.AsmGroupId.Value)
            : null;
    }
}
