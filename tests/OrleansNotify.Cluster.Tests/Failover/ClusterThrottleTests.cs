using System.Diagnostics;
using System.Globalization;
using OrleansNotify.Cluster.Tests.Processes;
using Xunit.Abstractions;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>
/// A portal limited to N/s never exceeds it cluster-wide, counted where it matters (arrivals at the fake
/// SendGrid), even while it moves, and it keeps sending at its rate after each move: its messages are all
/// accepted before the moves, so only the portal itself (its keep-alive reminder) can bring it back.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Failover")]
public sealed class ClusterThrottleTests(ITestOutputHelper output)
{
    private const int PerSecond = 10;
    private const int Burst = 5;
    private const int Messages = 400;

    /// <summary>
    /// The longest silence between two sends while the portal moves: a graceful stop, then at most one
    /// keep-alive period (ClusterTimings.ReminderPeriod, 5 s) until a live silo reactivates the portal.
    /// </summary>
    private static readonly TimeSpan MoveBound = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task RateLimitedPortal_MovedBetweenSilos_NeverExceedsItsRateAndKeepsSending()
    {
        await using var scenario = await Scenario.StartAsync(output);
        var cluster = scenario.Cluster;
        var silos = await cluster.StartSilosAsync(2);
        // One send in flight at a time: the bucket limits when sends start, the fake sees when they arrive,
        // and a single job held up in transport can land in the same second as the next full bucket.
        var portals = await scenario.CreatePortalsAsync(silos[0].Http, 1, PerSecond, Burst, maxConcurrency: 1, prefix: "limited");

        // The portal is active on silo1 or silo2; silo3 joins after, so stopping those two moves it at least once.
        var silo3 = await cluster.StartSiloAsync();

        // 400 at 10/s is 40 s of sending; all are accepted up front so the queue, not the client, sets the pace.
        var load = new LoadRun(scenario.Api, () => [silo3.Http]);
        await load.RunAsync(portals, Messages, concurrency: 16, TimeSpan.FromMinutes(2), "limited");
        Assert.Equal(0, load.GaveUp);

        var stops = new List<long>();
        foreach (var silo in silos)
        {
            var sentBefore = scenario.Fake.AcceptedPersonalizations;
            await scenario.WaitUntilAsync(() => scenario.Fake.AcceptedPersonalizations >= sentBefore + 50, TimeSpan.FromSeconds(30), load);
            stops.Add(Stopwatch.GetTimestamp());
            Assert.True(await silo.StopGracefullyAsync(TimeSpan.FromSeconds(30)), silo.Tail());
        }

        await scenario.WaitForAllAsync(load.Accepted, TimeSpan.FromMinutes(1));
        Assert.False(silo3.HasExited);
        var arrivals = Deliveries.Read(scenario.Fake).Select(d => d.ReceivedAt).Order().ToArray();
        var (worst, at) = BusiestSecond(arrivals);
        var span = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]).TotalSeconds;
        var silence = LongestSilence(arrivals);
        var versions = await ClusterState.OwnerVersionsAsync(scenario.Database.DataSource);
        scenario.Log(string.Create(CultureInfo.InvariantCulture,
            $"{arrivals.Length} sends over {span:F1} s ({arrivals.Length / span:F1}/s); busiest 1-s window {worst} sends, {at:F1} s into the run; " +
            $"longest silence {silence:F2} s; after the stops sent {arrivals.Count(a => a > stops[^1])}; owner version {versions["limited0000"]}"));

        // It moved: every activation takes a new owner version, and silo3 (where it ended) was not its first home.
        Assert.True(versions["limited0000"] >= 2, "the portal was never reactivated: it did not move");
        Assert.Contains(arrivals, a => a > stops[^1]);

        // A token bucket starts at most burst + rate x window in any window; one job (at most a burst) started
        // before the window may arrive in it. A move that replayed a bucket or overlapped two activations
        // would add a burst or a second's rate on top.
        Assert.True(worst <= PerSecond + (2 * Burst), $"{worst} sends in one second, limit {PerSecond}/s with burst {Burst}");

        // It kept sending: no silence longer than a stop and one keep-alive period.
        Assert.True(silence < MoveBound.TotalSeconds, $"the portal sent nothing for {silence:F2} s (bound {MoveBound.TotalSeconds} s)\n{cluster.Tails()}");
    }

    /// <summary>The most arrivals in any window of one second, and where it starts (seconds after the first).</summary>
    private static (int Count, double At) BusiestSecond(long[] arrivals)
    {
        var window = Stopwatch.Frequency;
        var best = (Count: 0, At: 0.0);
        var start = 0;
        for (var end = 0; end < arrivals.Length; end++)
        {
            while (arrivals[end] - arrivals[start] >= window)
            {
                start++;
            }

            if (end - start + 1 > best.Count)
            {
                best = (end - start + 1, Stopwatch.GetElapsedTime(arrivals[0], arrivals[start]).TotalSeconds);
            }
        }

        return best;
    }

    /// <summary>The longest time between two consecutive arrivals, in seconds.</summary>
    private static double LongestSilence(long[] arrivals) =>
        arrivals.Zip(arrivals.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalSeconds).DefaultIfEmpty(0).Max();
}
