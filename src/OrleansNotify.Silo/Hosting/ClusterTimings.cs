namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// Failure-detection and hand-over times of cluster mode, chosen together so a SIGKILLed silo's portals
/// and stream queues are served again within about 5 s (README, "Cluster mode").
/// </summary>
public static class ClusterTimings
{
    /// <summary>
    /// Orleans' default is 5 s with 3 missed probes and a 60 s table refresh: a killed silo was declared
    /// dead after 10.8–16.1 s here. 2 s / 2 probes / 2 s took 1.8–3.1 s.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc cref="ProbeTimeout"/>
    public const int NumMissedProbesLimit = 2;

    /// <inheritdoc cref="ProbeTimeout"/>
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A dead silo's stream queues are free once membership drops it and its lease lapses; 3 s (renewed
    /// every second) keeps the lease from adding more than the membership delay. Provider default 10 s.
    /// </summary>
    public static readonly TimeSpan QueueLeaseTime = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Rows a dead silo had claimed but not acknowledged come back after this (live receivers extend it
    /// every second). Provider default 30 s. 5 s put a dead silo's claimed rows past the 5 s target on its
    /// own (a kill under load measured 5.8 s); 3 s brings them back with the lease, about when membership
    /// declares the silo dead. A live receiver stalled past it only re-reads rows the portal de-duplicates.
    /// </summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Orleans' minimum reminder period (default 1 min), which portals with work use as their keep-alive
    /// period: after a graceful stop or a death, a portal whose messages all arrived before is reactivated
    /// by its next tick, so this bounds how long such a portal waits for a new home.
    /// </summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle receiver polls when no NOTIFY arrives; at most half the lease.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // QueueBalancer: Orleans' consistent-ring balancer. It follows membership directly (a dead silo's
    // range moves as soon as it is declared dead, a joining silo takes its range at once). The deployment
    // balancer handed a lone cluster-mode silo no queues at all in our runs (it matches queues to silo
    // names), so nothing was pulled; the queue lease fences any overlap while the ring changes.
}
