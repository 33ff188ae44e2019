using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using OrleansNotify.Grains.Intake;
using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>
/// Folds one shard of a portal's webhook events (key = <see cref="TrackingShards.StreamKey"/>). Batches
/// arrive on that <c>webhooks</c> stream (implicit subscription) and go to the store one delivery at a
/// time (the grain is not reentrant), so the shard's first-open marks and suppressions never race; the
/// delivery completes, and the stream lets the batch go, only once the store has committed it.
/// </summary>
[ImplicitStreamSubscription(TrackingNames.WebhooksStream)]
public sealed partial class TrackingIngestGrain(ITrackingStore store, ILogger<TrackingIngestGrain> logger)
    : Grain, ITrackingIngestGrain, IStreamSubscriptionObserver
{
    private string PortalId => TrackingShards.PortalOf(this.GetPrimaryKeyString());

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<WebhookBatch>().ResumeAsync(new BatchObserver<WebhookBatch>(OnBatchesAsync, OnStreamError));
    }

    private async Task OnBatchesAsync(IList<SequentialItem<WebhookBatch>> items)
    {
        var events = items.Count == 1 ? items[0].Item.Events : items.SelectMany(i => i.Item.Events).ToArray();
        var added = await store.IngestAsync(PortalId, events, CancellationToken.None);
        if (added.Any(e => TrackingFold.SuppressionOf(e) is not null))
        {
            await GrainFactory.GetGrain<ITrackingGrain>(PortalId).SuppressionsChangedAsync();
        }

        LogIngested(logger, this.GetPrimaryKeyString(), events.Count, added.Count);
    }

    private void OnStreamError(Exception ex) => LogStreamError(logger, ex, this.GetPrimaryKeyString());

    [LoggerMessage(8001, LogLevel.Debug, "Tracking {ShardKey}: {Received} webhook events, {Added} new")]
    private static partial void LogIngested(ILogger logger, string shardKey, int received, int added);

    [LoggerMessage(8002, LogLevel.Warning, "Tracking {ShardKey}: webhook stream error")]
    private static partial void LogStreamError(ILogger logger, Exception ex, string shardKey);
}
