using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>
/// One portal's tracking. Webhook batches arrive on the portal's <c>webhooks</c> stream (implicit
/// subscription) and are handed to the store in one call each, one at a time (the grain is not
/// reentrant), so first-open marks and suppressions never race. Reads interleave.
/// </summary>
[ImplicitStreamSubscription(TrackingNames.WebhooksStream)]
public sealed partial class TrackingGrain(ITrackingStore store, ILogger<TrackingGrain> logger)
    : Grain, ITrackingGrain, IStreamSubscriptionObserver
{
    private SuppressionSnapshot? _snapshot;

    private string PortalId => this.GetPrimaryKeyString();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<WebhookBatch>().ResumeAsync(new BatchObserver(this));
    }

    private async Task OnBatchesAsync(IList<SequentialItem<WebhookBatch>> items)
    {
        var events = items.SelectMany(i => i.Item.Events).ToArray();
        var added = await store.IngestAsync(PortalId, events, CancellationToken.None);
        if (added.Any(e => TrackingFold.SuppressionOf(e) is not null))
        {
            _snapshot = null; // rebuilt on the next read
        }

        LogIngested(logger, PortalId, events.Length, added.Count);
    }

    public Task<IReadOnlyList<TrackingEvent>> GetTimelineAsync(string messageId, string? providerMessageId) =>
        store.GetTimelineAsync(PortalId, messageId, providerMessageId, CancellationToken.None);

    public async Task<IReadOnlyList<StatsBucket>> GetStatsAsync(StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var counters = await store.GetCountersAsync(PortalId, TrackingFold.HourOf(query.From), query.To, query.Category ?? "", CancellationToken.None);
        return StatsMetrics.Bucket(counters, query.Interval, query.Category);
    }

    public Task<IReadOnlyList<Suppression>> GetSuppressionsAsync() => store.GetSuppressionsAsync(PortalId, CancellationToken.None);

    public async Task<SuppressionSnapshot> GetSnapshotAsync()
    {
        if (_snapshot is { } snapshot)
        {
            return snapshot;
        }

        var list = await store.GetSuppressionsAsync(PortalId, CancellationToken.None);
        return _snapshot = list.Count == 0 ? SuppressionSnapshot.Empty : SuppressionSnapshot.From(list);
    }

    public async Task PutSuppressionAsync(Suppression suppression)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        await store.PutSuppressionAsync(PortalId, suppression with { Email = Suppression.Normalize(suppression.Email) }, CancellationToken.None);
        _snapshot = null;
    }

    public async Task<bool> DeleteSuppressionAsync(string email)
    {
        var removed = await store.DeleteSuppressionAsync(PortalId, email, CancellationToken.None);
        _snapshot = null;
        return removed;
    }

    private void OnStreamError(Exception ex) => LogStreamError(logger, ex, PortalId);

    [LoggerMessage(8001, LogLevel.Debug, "Portal {PortalId}: {Received} webhook events, {Added} new")]
    private static partial void LogIngested(ILogger logger, string portalId, int received, int added);

    [LoggerMessage(8002, LogLevel.Warning, "Portal {PortalId}: webhook stream error")]
    private static partial void LogStreamError(ILogger logger, Exception ex, string portalId);

    /// <summary>Whole deliveries at once: a pulling agent's batch becomes one store transaction.</summary>
    private sealed class BatchObserver(TrackingGrain grain) : IAsyncBatchObserver<WebhookBatch>
    {
        public Task OnNextAsync(IList<SequentialItem<WebhookBatch>> items) => grain.OnBatchesAsync(items);

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex)
        {
            grain.OnStreamError(ex);
            return Task.CompletedTask;
        }
    }
}
