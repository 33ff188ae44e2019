using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Queueing;

/// <summary>
/// A portal's send queue: three priority lanes (high, normal, low) of ready messages and a hold of
/// messages ordered by NotBefore. Plain logic without Orleans types, so tests drive it with fake time.
/// Cancelled messages stay in their lane as tombstones and are skipped, keeping cancel O(1).
/// </summary>
public sealed class PortalQueue
{
    private readonly LinkedList<QueuedMessage>[] _lanes = [new(), new(), new()];
    private readonly SortedSet<QueuedMessage> _held = new(HoldOrder.Instance);
    private readonly Dictionary<string, QueuedMessage> _byId = new(StringComparer.Ordinal);
    private long _sequence;

    public int ReadyCount { get; private set; }
    public int HeldCount => _held.Count;
    public int InFlightCount { get; private set; }
    /// <summary>Messages waiting to be sent (ready + held), what the queue-depth gauge shows.</summary>
    public int Depth => ReadyCount + HeldCount;
    public int ScheduledCount => _held.Count(m => m.Scheduled);

    /// <summary>The earliest NotBefore of a held message, or null when nothing is held.</summary>
    public DateTimeOffset? NextDue => _held.Count == 0 ? null : _held.Min!.NotBefore;

    public QueuedMessage? Find(string messageId) => _byId.GetValueOrDefault(messageId);

    /// <summary>Adds a message; false when its id is already queued (a redelivery).</summary>
    public bool Add(QueuedMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_byId.TryAdd(message.MessageId, message))
        {
            return false;
        }

        message.Sequence = ++_sequence;
        Place(message, now, front: false);
        return true;
    }

    /// <summary>Moves held messages whose time has come into their lanes.</summary>
    public void PromoteDue(DateTimeOffset now)
    {
        while (_held.Count > 0 && _held.Min!.NotBefore <= now)
        {
            var message = _held.Min;
            _held.Remove(message);
            EnterLane(message, front: false);
        }
    }

    /// <summary>The next ready message, highest lane first, without removing it.</summary>
    public QueuedMessage? PeekReady()
    {
        foreach (var lane in _lanes)
        {
            while (lane.First is { } node)
            {
                if (node.Value.State == QueueState.Ready)
                {
                    return node.Value;
                }

                lane.RemoveFirst(); // a tombstone of a cancelled message
            }
        }

        return null;
    }

    /// <summary>Takes the next ready message and marks it in flight.</summary>
    public QueuedMessage? TakeReady()
    {
        var message = PeekReady();
        if (message is null)
        {
            return null;
        }

        _lanes[LaneOf(message)].RemoveFirst();
        ReadyCount--;
        message.State = QueueState.InFlight;
        InFlightCount++;
        return message;
    }

    /// <summary>
    /// Puts an in-flight message back: held until <paramref name="notBefore"/> or ready again; at the
    /// front of its lane when <paramref name="front"/> (it did not really get its turn: rate limit,
    /// configuration wait).
    /// </summary>
    public void Requeue(QueuedMessage message, DateTimeOffset? notBefore, DateTimeOffset now, bool front)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.State != QueueState.InFlight)
        {
            return;
        }

        InFlightCount--;
        message.NotBefore = notBefore;
        Place(message, now, front);
    }

    /// <summary>An in-flight message reached a final state and leaves the queue.</summary>
    public void Complete(QueuedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.State == QueueState.InFlight)
        {
            InFlightCount--;
            message.State = QueueState.Gone;
            _byId.Remove(message.MessageId);
        }
    }

    /// <summary>Cancels a queued or held message. In-flight messages are too late.</summary>
    public CancelResult Cancel(string messageId)
    {
        if (!_byId.TryGetValue(messageId, out var message))
        {
            return CancelResult.NotFound;
        }

        switch (message.State)
        {
            case QueueState.Held:
                _held.Remove(message);
                break;
            case QueueState.Ready:
                ReadyCount--; // the lane keeps a tombstone that PeekReady skips
                break;
            default:
                return CancelResult.TooLate;
        }

        message.State = QueueState.Gone;
        _byId.Remove(messageId);
        return CancelResult.Cancelled;
    }

    public void Clear()
    {
        foreach (var lane in _lanes)
        {
            lane.Clear();
        }

        _held.Clear();
        _byId.Clear();
        ReadyCount = 0;
        InFlightCount = 0;
    }

    private void Place(QueuedMessage message, DateTimeOffset now, bool front)
    {
        if (message.NotBefore is { } due && due > now)
        {
            message.State = QueueState.Held;
            _held.Add(message);
        }
        else
        {
            EnterLane(message, front);
        }
    }

    private void EnterLane(QueuedMessage message, bool front)
    {
        message.State = QueueState.Ready;
        var lane = _lanes[LaneOf(message)];
        if (front)
        {
            lane.AddFirst(message);
        }
        else
        {
            lane.AddLast(message);
        }

        ReadyCount++;
    }

    private static int LaneOf(QueuedMessage message) => Math.Clamp((int)message.Importance, 0, 2);

    /// <summary>Held order: due time, then arrival, so equal due times keep their submission order.</summary>
    private sealed class HoldOrder : IComparer<QueuedMessage>
    {
        public static readonly HoldOrder Instance = new();

        public int Compare(QueuedMessage? x, QueuedMessage? y)
        {
            if (ReferenceEquals(x, y)) { return 0; }
            if (x is null) { return -1; }
            if (y is null) { return 1; }
            var byTime = Nullable.Compare(x.NotBefore, y.NotBefore);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
