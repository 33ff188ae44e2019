using System.Diagnostics;
using System.Globalization;
using OrleansNotify.Cluster.Tests.Processes;
using Xunit.Abstractions;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>Silos come and go under load: a new one takes a share, a gracefully stopped one hands off at once.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Failover")]
public sealed class ElasticTests(ITestOutputHelper output)
{
    /// <summary>A graceful stop hands its portals over without waiting for failure detection.</summary>
    public static readonly TimeSpan HandOffBound = TimeSpan.FromSeconds(2);

    /// <summary>How late the fake may read a request the stopping silo wrote before it exited (2 loaded cores).</summary>
    private static readonly TimeSpan InTransit = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task AddSilo_UnderLoad_TakesShareOfStreamQueuesAndPortals()
    {
        await using var scenario = await Scenario.StartAsync(output);
        var cluster = scenario.Cluster;
        var silo1 = await cluster.StartSiloAsync();
        var early = await scenario.CreatePortalsAsync(silo1.Http, 30, perSecond: 100, burst: 20, maxConcurrency: 4, prefix: "early");
        var load = new LoadRun(scenario.Api, () => [silo1.Http]);
        var submitting = load.RunAsync(early, 1_500, concurrency: 8, TimeSpan.FromMinutes(3), "early", perSecond: 200);

        var silo2 = await cluster.StartSiloAsync();
        var db = scenario.Database.DataSource;
        Assert.True(await FreezeSiloTests.PollAsync(async () => await ClusterState.QueueOwnersAsync(db, cluster.ServiceId) >= 2, TimeSpan.FromSeconds(60)),
            $"the new silo took no stream queue within 60 s\n{cluster.Tails()}");

        // Portals first used after it joined are placed across both silos: the new one does sending work.
        var cpu1 = silo1.CpuSeconds();
        var cpu2 = silo2.CpuSeconds();
        var late = await scenario.CreatePortalsAsync(silo1.Http, 30, perSecond: 100, burst: 20, maxConcurrency: 4, prefix: "late");
        var lateLoad = new LoadRun(scenario.Api, () => [silo1.Http]);
        await lateLoad.RunAsync(late, 1_500, concurrency: 8, TimeSpan.FromMinutes(3), "late");
        await submitting;
        await scenario.WaitForAllAsync(load.Accepted.Concat(lateLoad.Accepted).ToDictionary(), TimeSpan.FromMinutes(3));
        var work1 = silo1.CpuSeconds() - cpu1;
        var work2 = silo2.CpuSeconds() - cpu2;
        scenario.Log(string.Create(CultureInfo.InvariantCulture, $"CPU while the late portals sent: silo1 {work1:F2} s, silo2 {work2:F2} s"));
        Assert.True(work2 >= 0.25 * work1, $"the new silo did {work2:F2} CPU-s against {work1:F2}: it took no real share");
    }

    [Fact]
    public async Task GracefulStop_SiloUnderLoad_HandsOffAtOnceAndResendsOnlyWhatWasInFlight()
    {
        await using var scenario = await Scenario.StartAsync(output);
        var cluster = scenario.Cluster;
        var silos = await cluster.StartSilosAsync(2);
        var (silo1, silo2) = (silos[0], silos[1]);
        var portals = await scenario.CreatePortalsAsync(silo1.Http, 40, perSecond: 10, burst: 5, maxConcurrency: 4);
        var load = new LoadRun(scenario.Api, () => [silo1.Http]);
        var submitting = load.RunAsync(portals, 2_400, concurrency: 16, TimeSpan.FromMinutes(3), "graceful");
        await scenario.WaitUntilAsync(() => scenario.Fake.AcceptedPersonalizations >= 600, TimeSpan.FromMinutes(2), load);

        var stoppedAt = Stopwatch.GetTimestamp();
        Assert.True(await silo2.StopGracefullyAsync(TimeSpan.FromSeconds(30)), $"silo2 did not stop on SIGTERM\n{silo2.Tail()}");
        var stopTook = Stopwatch.GetElapsedTime(stoppedAt);

        await submitting;
        Assert.Equal(0, load.GaveUp);
        await scenario.WaitForAllAsync(load.Accepted, TimeSpan.FromMinutes(3));
        var deliveries = Deliveries.Read(scenario.Fake);
        var gaps = Deliveries.GapsAfter(deliveries, stoppedAt);
        var longest = gaps.Values.Max();
        var duplicates = Deliveries.Duplicates(deliveries);
        scenario.Log(string.Create(CultureInfo.InvariantCulture,
            $"SIGTERM to exit {stopTook.TotalSeconds:F2} s; longest wait of a portal after the stop {longest:F2} s; duplicates {duplicates.Count}"));
        Assert.True(longest < HandOffBound.TotalSeconds, $"a portal waited {longest:F2} s after the graceful stop\n{cluster.Tails()}");

        // At-least-once across the hand-off: a send that was out on the stopping silo (its portal or its
        // sender worker) when SIGTERM came may lose its outcome and go again. Nothing first sent after
        // the silo exited may be sent twice. The fake stamps a request when it reads it, which for a request
        // the exiting silo had just written can be a moment after the exit: InTransit allows for that.
        var exitedAt = stoppedAt + (long)((stopTook + InTransit).TotalSeconds * Stopwatch.Frequency);
        foreach (var (id, first) in deliveries.GroupBy(d => d.MessageId, StringComparer.Ordinal).Select(g => (g.Key, g.First())))
        {
            Assert.True(!duplicates.ContainsKey(id) || first.ReceivedAt <= exitedAt,
                $"{id} was sent twice, first {first.SecondsAfter(stoppedAt):F2} s after SIGTERM: it was not in flight at the stop");
        }
    }
}
