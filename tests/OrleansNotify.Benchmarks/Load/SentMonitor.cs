using System.Diagnostics;

namespace OrleansNotify.Benchmarks.Load;

/// <summary>
/// Polls GET /v1/portals/{id} of every portal and sums <c>status.sentToday</c> (one recipient per load
/// message, so emails = messages), to time when the expected number has been sent.
/// </summary>
internal sealed class SentMonitor(NotifyClient client, IReadOnlyList<LoadPortal> portals)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Sum over the portals, or null when the API shows no status.</summary>
    public async Task<PortalProgress?> ReadAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(portals.Select(p => client.GetProgressAsync(p.PortalId, cancellationToken)));
        if (results.Any(r => r is null))
        {
            return null;
        }

        return new PortalProgress(results.Sum(r => r!.Value.Sent), results.Sum(r => r!.Value.Waiting), results.Sum(r => r!.Value.InFlight));
    }

    /// <summary>
    /// Waits until <paramref name="expected"/> have been sent, or no progress for <paramref name="stall"/>,
    /// or <paramref name="timeout"/>. Returns the last reading and when it was taken (from <paramref name="since"/>).
    /// </summary>
    public async Task<(PortalProgress? Last, TimeSpan At)> WaitForAsync(int expected, long since, TimeSpan timeout, TimeSpan stall, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        PortalProgress? last = null;
        var lastAt = TimeSpan.Zero;
        var progressAt = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var now = await ReadAsync(cancellationToken);
            if (now is null)
            {
                return (null, Stopwatch.GetElapsedTime(since));
            }

            if (last is null || now.Value.Sent > last.Value.Sent)
            {
                progressAt = Stopwatch.GetTimestamp();
                lastAt = Stopwatch.GetElapsedTime(since);
            }

            last = now;
            if (now.Value.Sent >= expected || Stopwatch.GetElapsedTime(progressAt) > stall)
            {
                break;
            }

            await Task.Delay(Interval, cancellationToken);
        }

        return (last, lastAt);
    }
}
