using System.Collections.Concurrent;
using OrleansNotify.Grains;
using OrleansNotify.Messages;

namespace OrleansNotify.Api.Intake;

/// <summary>
/// Coalesces concurrent single-message submissions of one portal into one intake call and one stream
/// batch. The first message of a quiet portal goes at once; while a publish is in flight the next
/// arrivals wait and go together as the following batch. Every caller is answered only after its own
/// batch is on the stream (durable in cluster mode), and a failed publish fails every message in it,
/// so nothing is half-accepted. Arrival order per portal is kept; a message id already in the batch
/// being formed (a concurrent retry with the same Idempotency-Key) waits for the next one.
/// </summary>
public sealed class IntakeLanes(IGrainFactory grains)
{
    /// <summary>Most messages per coalesced publish (one stream batch, one queue row in cluster mode).</summary>
    public const int MaxBatch = 256;

    private readonly IGrainFactory _grains = grains;
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Portals with a lane now: a lane goes once its last batch is published, so deleted or quiet portals leave nothing behind.</summary>
    public int LaneCount => _lanes.Count;

    public Task SubmitAsync(SubmittedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        while (true)
        {
            var lane = _lanes.GetOrAdd(message.PortalId, static (portalId, lanes) => new Lane(portalId, lanes), this);
            if (lane.TryAdd(message) is { } done)
            {
                return done;
            }

            _lanes.TryRemove(new KeyValuePair<string, Lane>(message.PortalId, lane)); // retired: make way for a new one
        }
    }

    private void Retire(string portalId, Lane lane) => _lanes.TryRemove(new KeyValuePair<string, Lane>(portalId, lane));

    private sealed class Lane(string portalId, IntakeLanes owner)
    {
        private readonly Lock _lock = new();
        private List<(SubmittedMessage Message, TaskCompletionSource Done)> _waiting = [];
        private bool _publishing;
        private bool _retired;

        /// <summary>Queues the message, or returns null when this lane has retired (the caller takes a new one).</summary>
        public Task? TryAdd(SubmittedMessage message)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bool lead;
            lock (_lock)
            {
                if (_retired)
                {
                    return null;
                }

                _waiting.Add((message, done));
                lead = !_publishing;
                _publishing = true;
            }

            if (lead)
            {
                _ = PublishWhileWaitingAsync();
            }

            return done.Task;
        }

        private async Task PublishWhileWaitingAsync()
        {
            while (Take() is { Count: > 0 } batch)
            {
                try
                {
                    await owner._grains.GetGrain<IIntakeGrain>(0).SubmitBatchAsync(batch.Select(b => b.Message).ToArray());
                    batch.ForEach(b => b.Done.TrySetResult());
                }
                catch (Exception e)
                {
                    batch.ForEach(b => b.Done.TrySetException(e));
                }
            }
        }

        /// <summary>The next batch in arrival order, or an empty one that ends this publisher's turn.</summary>
        private List<(SubmittedMessage Message, TaskCompletionSource Done)> Take()
        {
            lock (_lock)
            {
                var batch = new List<(SubmittedMessage Message, TaskCompletionSource Done)>(Math.Min(_waiting.Count, MaxBatch));
                var ids = new HashSet<string>(StringComparer.Ordinal);
                var rest = new List<(SubmittedMessage Message, TaskCompletionSource Done)>();
                foreach (var item in _waiting)
                {
                    if (batch.Count < MaxBatch && ids.Add(item.Message.MessageId))
                    {
                        batch.Add(item);
                    }
                    else
                    {
                        rest.Add(item);
                    }
                }

                _waiting = rest;
                _publishing = batch.Count > 0;
                if (batch.Count == 0)
                {
                    // Nothing waits: retire, so a portal's lane lives only while it has submissions.
                    _retired = true;
                    owner.Retire(portalId, this);
                }

                return batch;
            }
        }
    }
}
