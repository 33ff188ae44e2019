using Orleans.Concurrency;

namespace OrleansNotify.Tracking;

/// <summary>
/// A portal's tracking (key = portal id): answers timelines and statistics, and keeps the suppression
/// list the sender path checks. Webhook events are folded by the portal's <see cref="ITrackingIngestGrain"/>s.
/// </summary>
public interface ITrackingGrain : IGrainWithStringKey
{
    /// <summary>A message's webhook events in time order (by our id, or the provider id recorded at send).</summary>
    [AlwaysInterleave] Task<IReadOnlyList<TrackingEvent>> GetTimelineAsync(string messageId, string? providerMessageId);

    [AlwaysInterleave] Task<IReadOnlyList<StatsBucket>> GetStatsAsync(StatsQuery query);

    [AlwaysInterleave] Task<IReadOnlyList<Suppression>> GetSuppressionsAsync();

    /// <summary>The suppressions as sets, for the portal grain to filter recipients before a send.</summary>
    [AlwaysInterleave] Task<SuppressionSnapshot> GetSnapshotAsync();

    Task PutSuppressionAsync(Suppression suppression);

    Task<bool> DeleteSuppressionAsync(string email);

    /// <summary>An ingest shard stored suppression changes: the next snapshot reads the store again.</summary>
    [AlwaysInterleave] Task SuppressionsChangedAsync();

    /// <summary>Removes the portal's events, counters, unique marks and suppressions (the portal is deleted).</summary>
    Task DeletePortalDataAsync();
}

/// <summary>
/// Folds one shard of a portal's webhook events (key = <see cref="TrackingShards.StreamKey"/>): the
/// implicit subscriber of that <c>webhooks</c> stream, one batch after another, so the shard's marks and
/// suppressions have one writer. No methods: streams are its only input.
/// </summary>
public interface ITrackingIngestGrain : IGrainWithStringKey;

/// <summary>
/// Publishes verified webhook batches on their portal's <c>webhooks</c> stream ([StatelessWorker]);
/// completes when the batch is on the stream (durable in cluster mode).
/// </summary>
public interface IWebhookIntakeGrain : IGrainWithIntegerKey
{
    /// <exception cref="Grains.IntakeFullException">The stream queue is full; answer 503 with Retry-After.</exception>
    Task PublishAsync(WebhookBatch batch);
}

public static class TrackingNames
{
    /// <summary>Stream namespace of webhook batches (provider <c>NotifyNames.StreamProvider</c>, key = <see cref="TrackingShards.StreamKey"/>).</summary>
    public const string WebhooksStream = "webhooks";
}
