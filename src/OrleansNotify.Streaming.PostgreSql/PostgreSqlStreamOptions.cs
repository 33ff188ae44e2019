using Npgsql;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>Options of one PostgreSQL stream provider (named like the provider).</summary>
public sealed class PostgreSqlStreamOptions
{
    /// <summary>Connection string, used when <see cref="DataSource"/> is not set. No default.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>A shared data source (preferred: one pool per process). Default: none, built from <see cref="ConnectionString"/>.</summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>Number of queues the streams are hashed onto; the unit of balancing between silos. Default 8.</summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>Most rows one coalesced INSERT carries. Default 256 (100-row inserts already reach 120,000+ rows/s here).</summary>
    public int MaxInsertBatchSize { get; set; } = 256;

    /// <summary>INSERTs in flight at once per process; more rows queue up and coalesce meanwhile. Default 2.</summary>
    public int InsertConcurrency { get; set; } = 2;

    /// <summary>Most rows one claim takes (the pulling agent may ask for fewer). Default 200.</summary>
    public int MaxClaimBatchSize { get; set; } = 200;

    /// <summary>
    /// How long claimed rows stay invisible to other receivers. A live receiver keeps extending its claims;
    /// rows of a receiver that died reappear after this long. Default 30 s.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a receiver holds a claimed row that Orleans has not acknowledged (it drops events it failed to
    /// deliver without saying so); after this the row reappears and counts towards the dead letters. Keep it
    /// above the pulling agent's MaxEventDeliveryTime (1 min by default). Default 2 min.
    /// </summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a receiver keeps its queue without renewing (it renews every third of this). The lease fences
    /// a queue to one receiver while balancers move queues; a dead silo's queues are free after this long.
    /// Default 10 s.
    /// </summary>
    public TimeSpan QueueLeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an idle receiver queries its queue when LISTEN/NOTIFY works (without it the pulling agent's
    /// own period applies). Default 1 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a claim that found rows but not a full batch, how long the receiver waits before it claims again.
    /// Orleans' pulling agent reads again at once after every non-empty read, so under a steady flow each
    /// queue was claimed every few milliseconds for a handful of rows, and each claim is a write transaction
    /// with a fixed cost (lease renewal, statement start-up, a commit). With the wait, a read that comes too
    /// soon returns nothing and the agent asks again on its timer (<c>GetQueueMsgsTimerPeriod</c>, 100 ms by
    /// default). A full claim is followed at once. Zero turns it off. Default 30 ms.
    /// </summary>
    public TimeSpan MinClaimInterval { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Claims a row may receive before it moves to the dead letters instead. Default 5.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Send one NOTIFY per INSERT batch so idle receivers wake at once. Default true.</summary>
    public bool UseNotify { get; set; } = true;
}
