using Orleans.Concurrency;

namespace OrleansNotify.Tracking;

/// <summary>
/// A portal's tracking (key = portal id): folds the webhook batches of the portal's <c>webhooks</c>
/// stream into its store (one writer per portal, so first-open marks never race), answers timelines and
/// statistics, and keeps the suppression list the sender path checks.
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
}

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
    /// <summary>Stream namespace of webhook batches (provider <c>NotifyNames.StreamProvider</c>, key = portal id).</summary>
    public const string WebhooksStream = "webhooks";
}
