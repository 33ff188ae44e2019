namespace OrleansNotify.RabbitMq;

/// <summary>
/// Turns per-delivery acknowledgements into few <c>basic.ack multiple=true</c> frames: a delivery is
/// acknowledged only when every earlier delivery of the channel is settled too, so one frame covers a
/// run of tags. Batches finish out of order; the lowest unsettled tag bounds what may be acknowledged.
/// </summary>
internal sealed class AckTracker
{
    private readonly SortedSet<ulong> _unsettled = [];
    private readonly object _lock = new();
    private ulong _highestReceived;
    private ulong _acked;

    public void Received(ulong tag)
    {
        lock (_lock)
        {
            _unsettled.Add(tag);
            _highestReceived = Math.Max(_highestReceived, tag);
        }
    }

    /// <summary>
    /// Marks a delivery settled (acknowledged, or nacked/rejected on its own). Returns the tag up to which
    /// a multiple ack may now be sent, or 0 when nothing new is ackable.
    /// </summary>
    public ulong Settled(ulong tag, bool needsAck)
    {
        lock (_lock)
        {
            _unsettled.Remove(tag);
            if (!needsAck)
            {
                return 0;
            }

            var upTo = _unsettled.Count == 0 ? _highestReceived : _unsettled.Min - 1;
            if (upTo <= _acked)
            {
                return 0;
            }

            _acked = upTo;
            return upTo;
        }
    }
}
