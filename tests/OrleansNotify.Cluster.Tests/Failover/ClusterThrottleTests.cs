using System.Diagnostics;
using System.Globalization;
using OrleansNotify.Cluster.Tests.Processes;
using Xunit.Abstractions;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>
/// A portal limited to N/s never exceeds it cluster-wide, counted where it matters (arrivals at the fake
/// SendGrid), even while it moves: both silos it could live on are stopped one after the other.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Failover")]
public sealed class ClusterThrottleTests(ITestOutputHelper output)
{
    private const int PerSecond = 20;
    private const int Burst = 5;

    [Fact]
    public async Task RateLimitedPortal_MovedBetweenSilos_NeverExceedsItsRate()
    {
        await using var scenario = await Scenario.StartAsync(output);
        var cluster = scenario.Cluster;
        var silo1 = await cluster.StartSiloAsync();
        var silo2 = await cluster.StartSiloAsync();
        var frontend = await cluster.StartFrontendAsync();
        var portals = await scenario.CreatePortalsAsync(frontend.Http, 1, PerSecond, Burst, maxConcurrency: 4, prefix: "limited");

        // 400 at 20/s is 20 s of sending; all are accepted up front so the queue, not the client, sets the pace.
        var load = new LoadRun(scenario.Api, () => [frontend.Http]);
        await load.RunAsync(portals, 400, concurrency: 16, TimeSpan.FromMinutes(2), "limited");
        Assert.Equal(0, load.GaveUp);

        // Wherever the portal lives, it has to move: first silo1 goes, then (after a third joined) silo2.
        await scenario.WaitUntilAsync(() => scenario.Fake.AcceptedPersonalizations >= 60, TimeSpan.FromMinutes(1), load);
        var silo3 = await cluster.StartSiloAsync();
        Assert.True(await silo1.StopGracefullyAsync(TimeSpan.FromSeconds(30)), silo1.Tail());
        var sentBefore = scenario.Fake.AcceptedPersonalizations;
        await scenario.WaitUntilAsync(() => scenario.Fake.AcceptedPersonalizations >= sentBefore + 60, TimeSpan.FromMinutes(1), load);
        Assert.True(await silo2.StopGracefullyAsync(TimeSpan.FromSeconds(30)), silo2.Tail());

        await scenario.WaitForAllAsync(load.Accepted, TimeSpan.FromMinutes(2));
        Assert.False(silo3.HasExited);
        var arrivals = Deliveries.Read(scenario.Fake).Select(d => d.ReceivedAt).Order().ToArray();
        var (worst, at) = BusiestSecond(arrivals);
        var span = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]).TotalSeconds;
        scenario.Log(string.Create(CultureInfo.InvariantCulture,
            $"{arrivals.Length} sends over {span:F1} s ({arrivals.Length / span:F1}/s); busiest 1-s window {worst} sends, {at:F1} s into the run"));

        // A token bucket lets through at most burst + rate x window in any window.
        Assert.True(worst <= PerSecond + Burst, $"{worst} sends in one second, limit {PerSecond}/s with burst {Burst}");
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
}
