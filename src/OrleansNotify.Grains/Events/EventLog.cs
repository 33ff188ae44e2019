using OrleansNotify.Events;

namespace OrleansNotify.Grains.Events;

/// <summary>
/// The portal's recent events, by id, in memory and bounded: a view for people checking what happened
/// to an event, not a record of truth (messages carry their own status in the message store).
/// </summary>
internal sealed class EventLog(int capacity)
{
    private readonly Dictionary<string, EventLogEntry> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(EventLogEntry entry)
    {
        var id = entry.Result.EventId;
        if (_byId.TryGetValue(id, out var previous) && previous.Result.Outcome == EventOutcomes.Accepted
            && entry.Result.Outcome != EventOutcomes.Accepted)
        {
            return; // a failed redelivery does not hide that the event's messages were queued
        }

        if (!_byId.ContainsKey(id))
        {
            _order.Enqueue(id);
        }

        _byId[id] = entry;
        while (_order.Count > capacity)
        {
            _byId.Remove(_order.Dequeue());
        }
    }

    public EventLogEntry? Get(string eventId) => _byId.GetValueOrDefault(eventId);

    public IReadOnlyList<EventLogEntry> Newest(int limit) =>
        _order.Reverse().Take(limit).Select(id => _byId[id]).ToArray();
}
