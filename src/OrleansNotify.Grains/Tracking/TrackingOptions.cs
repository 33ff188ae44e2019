using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>How webhook events are ingested.</summary>
public sealed class TrackingOptions
{
    /// <summary>
    /// Ingest grains per portal (<see cref="TrackingShards"/>), default <see cref="TrackingShards.DefaultCount"/>:
    /// a hot portal keeps that many store transactions in flight, each smaller. Worth raising only with
    /// cores to spare on the database side. The same on every silo.
    /// </summary>
    public int IngestShards { get; set; } = TrackingShards.DefaultCount;

    /// <summary>
    /// How long a portal's webhook lane stays open after a publish for more POSTs to join the next stream
    /// item (one ingest transaction), default 5 ms; zero publishes each POST (or whatever arrived during the
    /// previous publish) at once. A quiet portal's first POST never waits; a busy one's wait at most this.
    /// </summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(5);
}
