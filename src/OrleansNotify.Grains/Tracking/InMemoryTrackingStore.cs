using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>
/// Embedded-mode <see cref="ITrackingStore"/>: everything in dictionaries under one lock per portal, so
/// a batch is applied whole or not at all, exactly as the PostgreSQL transaction does.
/// </summary>
public sealed class InMemoryTrackingStore : ITrackingStore
{
    private readonly Dictionary<string, PortalData> _portals = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<TrackingEvent>> IngestAsync(string portalId, IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var data = Portal(portalId);
        lock (data)
        {
            var added = events.Where(e => data.Events.TryAdd(e.EventId, e)).ToArray();
            var known = TrackingFold.MarkKeysOf(added)
                .Select(k => data.Marks.GetValueOrDefault(k))
                .OfType<UniqueMark>()
                .ToDictionary(m => (m.Kind, m.Key));
            var changes = TrackingFold.Fold(added, known);
            foreach (var c in changes.Counters)
            {
                data.Counters[c.Key] = data.Counters.GetValueOrDefault(c.Key) + c.Count;
            }

            foreach (var m in changes.Marks)
            {
                data.Marks[(m.Kind, m.Key)] = m;
            }

            foreach (var s in changes.Suppressions)
            {
                Apply(data, s);
            }

            return Task.FromResult<IReadOnlyList<TrackingEvent>>(added);
        }
    }

    public Task<IReadOnlyList<TrackingEvent>> GetTimelineAsync(string portalId, string messageId, string? providerMessageId, CancellationToken cancellationToken)
    {
        var data = Portal(portalId);
        lock (data)
        {
            return Task.FromResult<IReadOnlyList<TrackingEvent>>(data.Events.Values
                .Where(e => e.MessageId == messageId || (providerMessageId is not null && e.MessageId is null && e.ProviderMessageId == providerMessageId))
                .OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal)
                .ToArray());
        }
    }

    public Task<IReadOnlyList<TrackingEvent>> GetEventsAsync(string portalId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var data = Portal(portalId);
        lock (data)
        {
            return Task.FromResult<IReadOnlyList<TrackingEvent>>(data.Events.Values
                .Where(e => e.Timestamp >= from && e.Timestamp < to)
                .OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal)
                .ToArray());
        }
    }

    public Task<IReadOnlyList<CounterValue>> GetCountersAsync(string portalId, DateTimeOffset from, DateTimeOffset to, string category, CancellationToken cancellationToken)
    {
        var data = Portal(portalId);
        lock (data)
        {
            return Task.FromResult<IReadOnlyList<CounterValue>>(data.Counters
                .Where(c => c.Key.Hour >= from && c.Key.Hour < to && c.Key.Category == category && c.Value != 0)
                .Select(c => new CounterValue(c.Key, c.Value))
                .ToArray());
        }
    }

    public Task<IReadOnlyList<Suppression>> GetSuppressionsAsync(string portalId, CancellationToken cancellationToken)
    {
        var data = Portal(portalId);
        lock (data)
        {
            return Task.FromResult<IReadOnlyList<Suppression>>(data.Suppressions.Values
                .OrderBy(s => s.Email, StringComparer.Ordinal).ThenBy(s => s.GroupId).ToArray());
        }
    }

    public Task PutSuppressionAsync(string portalId, Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        var data = Portal(portalId);
        lock (data)
        {
            Apply(data, new SuppressionChange(suppression));
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteSuppressionAsync(string portalId, string email, CancellationToken cancellationToken)
    {
        var key = Suppression.Normalize(email);
        var data = Portal(portalId);
        lock (data)
        {
            var gone = data.Suppressions.Keys.Where(k => k.Email == key).ToArray();
            foreach (var k in gone)
            {
                data.Suppressions.Remove(k);
            }

            return Task.FromResult(gone.Length > 0);
        }
    }

    public Task DeletePortalAsync(string portalId, CancellationToken cancellationToken)
    {
        lock (_portals)
        {
            _portals.Remove(portalId);
        }

        return Task.CompletedTask;
    }

    private static void Apply(PortalData data, SuppressionChange change)
    {
        if (change.Add is { } add)
        {
            var normalized = add with { Email = Suppression.Normalize(add.Email) };
            data.Suppressions[(normalized.Email, normalized.GroupId)] = normalized;
        }
        else if (change.RemoveEmail is { } email)
        {
            data.Suppressions.Remove((email, change.RemoveGroup));
        }
    }

    private PortalData Portal(string portalId)
    {
        lock (_portals)
        {
            return _portals.TryGetValue(portalId, out var data) ? data : _portals[portalId] = new PortalData();
        }
    }

    private sealed class PortalData
    {
        public Dictionary<string, TrackingEvent> Events { get; } = new(StringComparer.Ordinal);
        public Dictionary<CounterKey, long> Counters { get; } = [];
        public Dictionary<(string Kind, string Key), UniqueMark> Marks { get; } = [];
        public Dictionary<(string Email, int GroupId), Suppression> Suppressions { get; } = [];
    }
}
