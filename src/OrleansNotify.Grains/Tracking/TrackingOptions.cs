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
}
