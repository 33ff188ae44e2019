using System.Diagnostics;
using System.Globalization;
using OrleansNotify.Cluster.Tests.Processes;
using Xunit.Abstractions;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>kill -9 of one silo of three while 20,000 messages flow to 200 portals through a front end.</summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Failover")]
public sealed class KillSiloTests(ITestOutputHelper output)
{
    /// <summary>
    /// The bound the README states for a dead silo's portals to be served again. The settings aim at 5 s
    /// (membership ProbeTimeout 2 s, NumMissedProbesLimit 2, TableRefreshTimeout 2 s declare it dead in
    /// 1.8–3.1 s here; the stream queues' leases and grain re-activation come after) and runs measured
    /// 1.9–5.6 s on the 2-core machine; 7 s is what every run must meet, load included.
    /// </summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(7);

    /// <summary>A portal whose first send after the kill waits longer than this was stalled by it.</summary>
    private static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task KillNine_OneOfThreeSilosMidRun_EveryAcceptedMessageArrivesAndItsPortalsResumeWithinBound()
    {
        await using var scenario = await Scenario.StartAsync(output);
        var cluster = scenario.Cluster;
        var silos = await cluster.StartSilosAsync(3);

        var frontend = await cluster.StartFrontendAsync();
        // 25/s per portal (100 messages each): sending keeps up with what the front end accepts, so recovery
        // is judged on the portals that had work in hand at the kill.
        var portals = await scenario.CreatePortalsAsync(frontend.Http, 200, perSecond: 25, burst: 5, maxConcurrency: 4);

        // A request in flight through the dead silo's gateway is given up after 5 s and retried, as a client would.
        var load = new LoadRun(scenario.Api, () => [frontend.Http]) { AttemptTimeout = TimeSpan.FromSeconds(5) };
        var submitting = load.RunAsync(portals, 20_000, concurrency: 64, TimeSpan.FromMinutes(8), "kill");

        // Kill once a third has been sent: the cluster is busy and every portal still has a backlog.
        await scenario.WaitUntilAsync(() => scenario.Fake.AcceptedPersonalizations >= 6_000 || submitting.IsCompleted, TimeSpan.FromMinutes(3), load);
        var victim = silos[1];
        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the killed silo did not exit");

        await submitting;
        Assert.Equal(0, load.GaveUp);
        await scenario.WaitForAllAsync(load.Accepted, TimeSpan.FromMinutes(4));

        var deliveries = Deliveries.Read(scenario.Fake);
        var allGaps = Deliveries.GapsAfter(deliveries, killedAt);
        // Recovery counts portals the kill left with work (accepted before it, not yet sent): only they wait
        // for the cluster. The others wait for their next submission, which a client retries after 5 s when
        // its request was in flight through the dead silo's gateway.
        var sentBefore = deliveries.Where(d => d.ReceivedAt < killedAt).Select(d => d.MessageId).ToHashSet(StringComparer.Ordinal);
        var withWork = load.AcceptedAt.Where(a => a.Value < killedAt && !sentBefore.Contains(a.Key))
            .Select(a => load.Accepted[a.Key]).ToHashSet(StringComparer.Ordinal);
        var gaps = allGaps.Where(g => withWork.Contains(g.Key)).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var stalled = gaps.Where(g => g.Value > StallThreshold.TotalSeconds).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var waited = allGaps.Where(g => g.Value > StallThreshold.TotalSeconds).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var duplicates = Deliveries.Duplicates(deliveries);
        var recovery = stalled.Count == 0 ? 0 : stalled.Values.Max();
        scenario.Log(string.Create(CultureInfo.InvariantCulture,
            $"accepted {load.Accepted.Count}, delivered {deliveries.Count}, refusals retried {load.Refusals}; portals with work at the kill {gaps.Count}, " +
            $"of which stalled {stalled.Count} (any wait over {StallThreshold.TotalSeconds} s, input included: {waited.Count} of {allGaps.Count}); " +
            $"recovery {recovery:F2} s (median gap of the others {Median(gaps.Values.Where(v => v <= StallThreshold.TotalSeconds)):F3} s); duplicates {duplicates.Count}; " +
            $"longest waits {string.Join(", ", stalled.Values.OrderDescending().Take(5).Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} s"));

        // The kill hit a cluster with work in hand, and every portal that had work was served again within the bound.
        Assert.NotEmpty(gaps);
        Assert.NotEmpty(waited);
        Assert.True(recovery < RecoveryBound.TotalSeconds,
            $"the killed silo's portals waited {recovery:F2} s (bound {RecoveryBound.TotalSeconds} s)\n{cluster.Tails()}");

        // Duplicates only among messages in flight while the killed silo's work changed hands: first sent before
        // the takeover ended. A send job whose sender worker ran on the killed silo loses its outcome, and while
        // Orleans settles the dead silo's directory a portal can briefly have two activations; the second
        // requeues what the first had in flight ("sending" rows), so such a message goes out twice.
        var takeoverEnd = killedAt + (long)(RecoveryBound.TotalSeconds * Stopwatch.Frequency);
        var firstSent = deliveries.GroupBy(d => d.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var id in duplicates.Keys)
        {
            Assert.True(firstSent[id].ReceivedAt <= takeoverEnd,
                $"{id} was sent twice, first {firstSent[id].SecondsAfter(killedAt):F2} s after the kill: it was not in flight while the silo's work moved");
        }

        // Never more than the stalled portals could have had in flight: a send takes at most the bucket
        // (burst 5) plus a second's refill (25), whatever the batching.
        Assert.True(duplicates.Count <= waited.Count * 30, $"{duplicates.Count} duplicates for {waited.Count} stalled portals");
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
