using System.Diagnostics;
using System.Globalization;
using OrleansNotify.Cluster.Tests.Processes;
using Xunit.Abstractions;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>
/// A silo frozen with SIGSTOP (a GC pause or a stalled VM) past its membership timeout, then resumed:
/// the others declare it dead and take its portals over; when it wakes, whatever its stale activations
/// try cannot overwrite the newer status (the owner version of each portal's rows).
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Failover")]
public sealed class FreezeSiloTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SigStop_SiloPastMembershipTimeout_DeclaredDeadAndItsStaleWritesLose()
    {
        await using var scenario = await Scenario.StartAsync(output);
        var cluster = scenario.Cluster;
        var silos = await cluster.StartSilosAsync(3);
        var (silo1, silo2, silo3) = (silos[0], silos[1], silos[2]);
        var portals = await scenario.CreatePortalsAsync(silo1.Http, 40, perSecond: 10, burst: 5, maxConcurrency: 4);

        // Submissions go to the silos that stay awake; 30 per portal at 10/s keeps queues busy for 3 s.
        var load = new LoadRun(scenario.Api, () => [silo1.Http, silo3.Http]);
        var submitting = load.RunAsync(portals, 1_200, concurrency: 16, TimeSpan.FromMinutes(3), "freeze");
        await scenario.WaitUntilAsync(() => scenario.Fake.AcceptedPersonalizations >= 250, TimeSpan.FromMinutes(2), load);

        silo2.Freeze();
        var frozenAt = Stopwatch.GetTimestamp();
        var db = scenario.Database.DataSource;
        var siloPort = cluster.SiloPortOf(silo2);
        var declaredDead = await PollAsync(async () => await ClusterState.SiloStatusAsync(db, cluster.ClusterId, siloPort) == ClusterState.Dead,
            TimeSpan.FromSeconds(60));
        Assert.True(declaredDead, $"the frozen silo was not declared dead within 60 s\n{cluster.Tails()}");
        var deadAfter = Stopwatch.GetElapsedTime(frozenAt);

        // While it sleeps, the others send everything that was accepted.
        await submitting;
        Assert.Equal(0, load.GaveUp);
        await scenario.WaitForAllAsync(load.Accepted, TimeSpan.FromMinutes(3));
        var before = await ClusterState.StatusesAsync(db);
        var versionsBefore = await ClusterState.OwnerVersionsAsync(db);
        var deliveredBefore = Deliveries.Read(scenario.Fake).Count;

        // Wake it: it learns it is dead and stops, and nothing it tried on the way changed newer status.
        var resumedAt = Stopwatch.GetTimestamp();
        silo2.Resume();
        Assert.True(await silo2.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the resumed silo kept running although declared dead\n{silo2.Tail()}");
        var after = await ClusterState.StatusesAsync(db);
        var versionsAfter = await ClusterState.OwnerVersionsAsync(db);

        foreach (var id in load.Accepted.Keys)
        {
            Assert.Equal("sent", before[id]);
            Assert.Equal("sent", after[id]);
        }

        foreach (var (portal, version) in versionsBefore)
        {
            Assert.True(versionsAfter[portal] >= version, $"{portal}'s owner version went back from {version} to {versionsAfter[portal]}");
        }

        // What the stale silo sent after waking can only repeat what it held in flight when frozen.
        var deliveries = Deliveries.Read(scenario.Fake);
        var lateRepeats = deliveries.Where(d => d.ReceivedAt >= resumedAt).ToList();
        var duplicates = Deliveries.Duplicates(deliveries);
        Assert.All(lateRepeats, d => Assert.True(duplicates.ContainsKey(d.MessageId), $"{d.MessageId} was first sent by the stale silo after it woke"));
        Assert.True(duplicates.Count <= 40 * 15, $"{duplicates.Count} duplicates");
        scenario.Log(string.Create(CultureInfo.InvariantCulture,
            $"declared dead {deadAfter.TotalSeconds:F2} s after SIGSTOP; accepted {load.Accepted.Count}, delivered {deliveredBefore} before resume and " +
            $"{deliveries.Count - deliveredBefore} after; duplicates {duplicates.Count}; silo2 exit code {silo2.ExitCode}"));
    }

    internal static async Task<bool> PollAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
