using System.Collections.Concurrent;

namespace OrleansNotify.Smtp.Connections;

/// <summary>The pools of every portal endpoint in this process, with a timer that closes idle connections.</summary>
public sealed class SmtpPools : IDisposable
{
    private readonly ConcurrentDictionary<SmtpEndpoint, SmtpClientPool> pools = new();
    private readonly SmtpConnector connector;
    private readonly SmtpNotifierOptions options;
    private readonly TimeProvider time;
    private readonly ITimer sweeper;

    public SmtpPools(SmtpConnector connector, SmtpNotifierOptions options, TimeProvider time)
    {
        this.connector = connector;
        this.options = options;
        this.time = time;
        sweeper = time.CreateTimer(_ => SweepIdle(), null, options.IdleSweepInterval, options.IdleSweepInterval);
    }

    public SmtpClientPool For(SmtpEndpoint endpoint) =>
        pools.GetOrAdd(endpoint, e => new SmtpClientPool(e, connector, options, time));

    /// <summary>
    /// Closes idle connections. Empty pools stay (a few bytes each, one per portal setting): removing
    /// one while a sender is connecting through it would strand that connection outside the sweep.
    /// </summary>
    public int SweepIdle()
    {
        var closed = 0;
        foreach (var pool in pools.Values)
        {
            closed += pool.CloseIdle();
        }

        return closed;
    }

    public void Dispose()
    {
        sweeper.Dispose();
        foreach (var pool in pools.Values)
        {
            pool.Dispose();
        }

        pools.Clear();
    }
}
