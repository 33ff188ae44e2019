using System.Diagnostics;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>Messages, wall seconds and process CPU seconds one path accumulated.</summary>
internal sealed class SmtpTally
{
    public long Done { get; private set; }
    public double Seconds { get; private set; }
    public double CpuSeconds { get; private set; }

    public double PerSecond => Done / Seconds;

    /// <summary>Process CPU per message in µs: the sink's share is in every path, so compare differences.</summary>
    public double CpuMicroseconds => CpuSeconds * 1e6 / Done;

    /// <summary>Runs the path for <paramref name="duration"/> and adds what it did.</summary>
    public async Task AddAsync(SmtpPath path, TimeSpan duration)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        var done = await SmtpLoadCommand.RunAsync(path.Workers, duration, path.Once, path.MessagesPerCall).ConfigureAwait(false);
        Seconds += watch.Elapsed.TotalSeconds;
        CpuSeconds += (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        Done += done;
    }
}

/// <summary>
/// <c>smtp --interleaved [--rounds 6] [--slice-ms 500]</c>: the paths take turns in short slices, round
/// after round, so load from other processes falls on every path alike (sequential phases on this shared
/// machine let one load swing decide a ratio). A first round warms every path up and is not counted.
/// </summary>
internal static class SmtpInterleaved
{
    public static async Task<SmtpTally[]> RunAsync(IReadOnlyList<SmtpPath> paths, int rounds, TimeSpan slice)
    {
        var warm = new SmtpTally();
        var tallies = paths.Select(_ => new SmtpTally()).ToArray();
        for (var round = -1; round < rounds; round++)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                await (round < 0 ? warm : tallies[i]).AddAsync(paths[i], slice).ConfigureAwait(false);
            }
        }

        return tallies;
    }

    /// <summary>Each path on its own: a warm-up second, then <paramref name="duration"/>.</summary>
    public static async Task<SmtpTally[]> RunSequentialAsync(IReadOnlyList<SmtpPath> paths, TimeSpan duration)
    {
        var tallies = new SmtpTally[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            await new SmtpTally().AddAsync(paths[i], TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            tallies[i] = new SmtpTally();
            await tallies[i].AddAsync(paths[i], duration).ConfigureAwait(false);
        }

        return tallies;
    }
}
