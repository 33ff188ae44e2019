using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>
/// Coalesces concurrent webhook POSTs of one stream (portal shard) into one stream item, so the ingest
/// grain stores several POSTs in one transaction: its deliveries are sequential, and a transaction per
/// POST of 100 events cost more per event than the events themselves. The first POST of a quiet lane goes
/// at once; after each publish the lane stays open for <paramref name="window"/>, and the POSTs that arrive
/// meanwhile (or during a publish) go together, up to <see cref="MaxEvents"/> events. Waiting only while
/// publishing gathered almost nothing on memory streams (a publish takes well under a millisecond). Each
/// POST's events stay in one item, hence one transaction, and each caller completes only once the item
/// holding its events is on the stream (or fails with it). Used inside one grain activation (turn-based),
/// so it needs no locks.
/// </summary>
public sealed class WebhookLane(Func<WebhookBatch, Task> publish, Action retire, TimeSpan window, TimeProvider time)
{
    /// <summary>Most events per coalesced item (a single larger POST still goes alone, whole).</summary>
    public const int MaxEvents = 1000;

    private readonly List<(WebhookBatch Batch, TaskCompletionSource Done)> _waiting = [];
    private bool _publishing;

    public Task Add(WebhookBatch batch)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((batch, done));
        if (!_publishing)
        {
            _publishing = true;
            _ = PublishWhileWaitingAsync();
        }

        return done.Task;
    }

    private async Task PublishWhileWaitingAsync()
    {
        while (_waiting.Count > 0)
        {
            var taken = Take();
            try
            {
                await publish(Merge(taken));
                taken.ForEach(t => t.Done.TrySetResult());
            }
            catch (Exception e)
            {
                taken.ForEach(t => t.Done.TrySetException(e));
            }

            if (window > TimeSpan.Zero && _waiting.Sum(w => w.Batch.Events.Count) < MaxEvents)
            {
                await Task.Delay(window, time); // a busy portal: let its next POSTs gather
            }
        }

        _publishing = false;
        retire();
    }

    /// <summary>The oldest POSTs, in arrival order, up to <see cref="MaxEvents"/> (at least one).</summary>
    private List<(WebhookBatch Batch, TaskCompletionSource Done)> Take()
    {
        var count = 0;
        var events = 0;
        while (count < _waiting.Count && (count == 0 || events + _waiting[count].Batch.Events.Count <= MaxEvents))
        {
            events += _waiting[count].Batch.Events.Count;
            count++;
        }

        var taken = _waiting.GetRange(0, count);
        _waiting.RemoveRange(0, count);
        return taken;
    }

    private static WebhookBatch Merge(List<(WebhookBatch Batch, TaskCompletionSource Done)> taken)
    {
        if (taken.Count == 1)
        {
            return taken[0].Batch;
        }

        var events = new List<TrackingEvent>(taken.Sum(t => t.Batch.Events.Count));
        foreach (var (batch, _) in taken)
        {
            events.AddRange(batch.Events);
        }

        return taken[0].Batch with { Events = events };
    }
}
