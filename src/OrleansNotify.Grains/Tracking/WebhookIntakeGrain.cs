using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;
using OrleansNotify.Grains.Intake;
using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>
/// Puts a verified webhook batch on its portal's <c>webhooks</c> streams, split by recipient shard
/// (<see cref="TrackingShards"/>) so the shards ingest in parallel; it completes when every part is on its
/// stream. Like the message intake it backs off briefly on a full memory queue, then reports
/// <see cref="IntakeFullException"/> (503 with Retry-After: SendGrid retries, and the parts already
/// queued are de-duplicated by event id), never dropping a batch. Reentrant, so concurrent POSTs of a
/// portal meet in one activation and go as one stream item (<see cref="WebhookLane"/>).
/// </summary>
[StatelessWorker, Reentrant]
public sealed partial class WebhookIntakeGrain(TimeProvider time, IOptions<TrackingOptions> options, ILogger<WebhookIntakeGrain> logger)
    : Grain, IWebhookIntakeGrain
{
    private readonly Dictionary<string, WebhookLane> _lanes = new(StringComparer.Ordinal);

    public Task PublishAsync(WebhookBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var count = options.Value.IngestShards;
        if (count <= 1)
        {
            return Enqueue(TrackingShards.StreamKey(batch.PortalId, 0), batch);
        }

        var parts = new List<TrackingEvent>?[count];
        foreach (var e in batch.Events)
        {
            (parts[TrackingShards.Of(e, count)] ??= new List<TrackingEvent>(batch.Events.Count / count + 1)).Add(e);
        }

        return Task.WhenAll(parts.Select((events, shard) => events is null ? Task.CompletedTask
            : Enqueue(TrackingShards.StreamKey(batch.PortalId, shard), batch with { Events = events })));
    }

    /// <summary>Onto the stream's lane; a lane lives while it has POSTs to publish.</summary>
    private Task Enqueue(string streamKey, WebhookBatch batch)
    {
        if (!_lanes.TryGetValue(streamKey, out var lane))
        {
            lane = new WebhookLane(part => PublishAsync(streamKey, part), () => _lanes.Remove(streamKey), options.Value.CoalesceWindow, time);
            _lanes.Add(streamKey, lane);
        }

        return lane.Add(batch);
    }

    private async Task PublishAsync(string streamKey, WebhookBatch batch)
    {
        var stream = this.GetStreamProvider(NotifyNames.StreamProvider)
            .GetStream<WebhookBatch>(StreamId.Create(TrackingNames.WebhooksStream, streamKey));
        if (!await QueueFullBackoff.TryPublishAsync(() => stream.OnNextAsync(batch), time))
        {
            LogQueueFull(logger, batch.PortalId, batch.Events.Count);
            throw new IntakeFullException(QueueFullBackoff.RetryAfter);
        }
    }

    [LoggerMessage(8101, LogLevel.Warning, "Portal {PortalId}: stream queue full, webhook batch of {Count} refused with Retry-After")]
    private static partial void LogQueueFull(ILogger logger, string portalId, int count);
}
