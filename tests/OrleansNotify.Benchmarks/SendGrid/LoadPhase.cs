using System.Diagnostics;

namespace OrleansNotify.Benchmarks.SendGrid;

/// <summary>One measured phase: workers loop until the deadline; CPU and allocations of this process.</summary>
internal sealed record LoadResult(string Name, long Calls, long Emails, long Failures, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;
    public double EmailsPerSecond => Emails / Elapsed.TotalSeconds;
    public double CpuMicrosPerEmail => Emails == 0 ? 0 : Cpu.TotalMicroseconds / Emails;
    public double BytesPerEmail => Emails == 0 ? 0 : (double)AllocatedBytes / Emails;

    public LoadResult Add(LoadResult other) => this with
    {
        Calls = Calls + other.Calls,
        Emails = Emails + other.Emails,
        Failures = Failures + other.Failures,
        Elapsed = Elapsed + other.Elapsed,
        Cpu = Cpu + other.Cpu,
        AllocatedBytes = AllocatedBytes + other.AllocatedBytes,
    };

    public override string ToString() =>
        $"{Name,-18} {CallsPerSecond,10:N0} calls/s {EmailsPerSecond,11:N0} emails/s {CpuMicrosPerEmail,9:N1} µs CPU/email {BytesPerEmail,10:N0} B alloc/email  failures {Failures}";
}

internal static class LoadPhase
{
    /// <summary><paramref name="call"/> gets a worker-local sequence number and returns (emails sent, ok).</summary>
    public static async Task<LoadResult> RunAsync(string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<long, Task<(int Emails, bool Ok)>> call)
    {
        if (warmup > TimeSpan.Zero)
        {
            await LoopAsync(concurrency, warmup, call).ConfigureAwait(false);
        }

        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var (calls, emails, failures) = await LoopAsync(concurrency, duration, call).ConfigureAwait(false);
        clock.Stop();
        process.Refresh();
        return new LoadResult(name, calls, emails, failures, clock.Elapsed, process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static async Task<(long Calls, long Emails, long Failures)> LoopAsync(int concurrency, TimeSpan duration, Func<long, Task<(int Emails, bool Ok)>> call)
    {
        long calls = 0, emails = 0, failures = 0, sequence = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var (sent, ok) = await call(Interlocked.Increment(ref sequence)).ConfigureAwait(false);
                Interlocked.Increment(ref calls);
                Interlocked.Add(ref emails, ok ? sent : 0);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        await Task.WhenAll(workers).ConfigureAwait(false);
        return (calls, emails, failures);
    }
}
