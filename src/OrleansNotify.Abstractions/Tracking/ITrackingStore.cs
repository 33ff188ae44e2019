namespace OrleansNotify.Tracking;

/// <summary>
/// A portal's webhook events, the counters folded from them, first-open/click marks and suppressions.
/// The portal's tracking grain is the only writer. Implementations: in memory (embedded mode) and
/// PostgreSQL (cluster mode); one contract suite for both.
/// </summary>
public interface ITrackingStore
{
    /// <summary>
    /// Stores a batch in one transaction: events whose id is already stored (SendGrid retries) are
    /// skipped, and only the new ones are folded (<see cref="TrackingFold"/>) into counters, unique marks
    /// and suppressions. Returns the events that were new, in the batch's order.
    /// </summary>
    Task<IReadOnlyList<TrackingEvent>> IngestAsync(string portalId, IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// A message's events in time order: those carrying our id, and those without it that carry its provider
    /// id (a batched send shares one provider id between several of our messages).
    /// </summary>
    Task<IReadOnlyList<TrackingEvent>> GetTimelineAsync(string portalId, string messageId, string? providerMessageId, CancellationToken cancellationToken);

    /// <summary>Stored events with <paramref name="from"/> ≤ timestamp &lt; <paramref name="to"/> (checks and exports).</summary>
    Task<IReadOnlyList<TrackingEvent>> GetEventsAsync(string portalId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Non-zero counters of hours in [from, to) for one category ("" = all categories together).</summary>
    Task<IReadOnlyList<CounterValue>> GetCountersAsync(string portalId, DateTimeOffset from, DateTimeOffset to, string category, CancellationToken cancellationToken);

    Task<IReadOnlyList<Suppression>> GetSuppressionsAsync(string portalId, CancellationToken cancellationToken);

    /// <summary>Adds or replaces (same email and group) a suppression.</summary>
    Task PutSuppressionAsync(string portalId, Suppression suppression, CancellationToken cancellationToken);

    /// <summary>Removes every suppression of the address (all groups). False when there was none.</summary>
    Task<bool> DeleteSuppressionAsync(string portalId, string email, CancellationToken cancellationToken);

    /// <summary>Removes everything of a deleted portal.</summary>
    Task DeletePortalAsync(string portalId, CancellationToken cancellationToken);
}
