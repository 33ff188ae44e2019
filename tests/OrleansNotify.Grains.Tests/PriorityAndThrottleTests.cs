using OrleansNotify.Messages;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class PriorityAndThrottleTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    [Fact]
    public async Task HighImportance_QueuedBehindNormals_OvertakesThem()
    {
        var portal = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { MaxConcurrency = 1 }));
        var portalId = portal.GetPrimaryKeyString();
        var gate = Notifier.Gate(portalId);

        var first = await SubmitAsync(portal);
        await Poll.UntilAsync(() => Notifier.IsHeld(portalId), Timeout, () => "the first send never reached the notifier");
        var normals = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            normals.Add(await SubmitAsync(portal, importance: DeliveryImportance.Normal));
        }

        var high = await SubmitAsync(portal, importance: DeliveryImportance.High);
        await Poll.UntilAsync(async () => (await portal.GetStatusAsync())!.Queued == 4, Timeout, () => "the four messages never queued");
        gate.SetResult();

        await WaitForStatusAsync(portal, normals[^1], MessageStatus.Sent);
        var order = Notifier.CallsFor(portalId).Select(c => c.MessageId).ToArray();
        Assert.Equal([first, high, .. normals], order);
    }

    [Fact]
    public async Task PortalDefaultImportance_AppliesToMessagesWithoutTheirOwn()
    {
        var low = TestPortal(throttle: new ThrottleSettings { MaxConcurrency = 1 }) with
        {
            Defaults = new PortalDefaults { DeliveryImportance = DeliveryImportance.Low },
        };
        var portal = await CreatePortalAsync(low);

        var id = await SubmitAsync(portal);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        Assert.Equal(DeliveryImportance.Low, view.Importance);
    }

    [Fact]
    public async Task Throttle_TenPerSecond_NeverMoreThanRatePlusBurstPerSecond()
    {
        var portal = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { PerSecond = 10, Burst = 1, MaxConcurrency = 8 }));
        var portalId = portal.GetPrimaryKeyString();
        var ids = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add(await SubmitAsync(portal));
        }

        await WaitForStatusAsync(portal, ids[^1], MessageStatus.Sent);
        await Poll.UntilAsync(() => Notifier.CallsFor(portalId).Count == 25, Timeout, () => $"{Notifier.CallsFor(portalId).Count} of 25 sent");

        // The "sending" timeline entries carry the instant the pump took each token, free of sender latency.
        var times = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            var view = await portal.GetMessageAsync(id);
            times.Add(Assert.Single(view!.Timeline, e => e.Event == "sending").At);
        }

        times.Sort();
        // 25 sends at 10/s from a bucket of 1: the last token is due 2.4 s after the first.
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(2.35), $"25 sends took only {times[^1] - times[0]}");
        for (var i = 0; i + 11 < times.Count; i++)
        {
            // Never more than burst + rate (11) inside one second: 12 consecutive sends span at least 1.1 s.
            Assert.True(times[i + 11] - times[i] >= TimeSpan.FromSeconds(1.05), $"12 sends within {times[i + 11] - times[i]}");
        }
    }

    [Fact]
    public async Task NoisyPortal_BacklogAndSlowRate_DoesNotDelayAnotherPortal()
    {
        var noisy = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { PerSecond = 20, Burst = 1, MaxConcurrency = 1 }));
        var quiet = await CreatePortalAsync();
        for (var i = 0; i < 300; i++)
        {
            await SubmitAsync(noisy);
        }

        // The backlog is in the noisy portal's own queue (not still on its way through the stream).
        await Poll.UntilAsync(async () => (await noisy.GetStatusAsync())!.Queued >= 200, Timeout, () => "the noisy backlog never built up");

        var started = Now;
        var id = await SubmitAsync(quiet);
        await WaitForStatusAsync(quiet, id, MessageStatus.Sent);
        var elapsed = Now - started;

        var backlog = (await noisy.GetStatusAsync())!.Queued;
        Assert.True(backlog > 100, $"noisy portal backlog {backlog}: the test did not create contention");
        // Behind the noisy backlog it would wait 10 s or more (200+ at 20/s); on its own it goes at once.
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"the quiet portal waited {elapsed}");
    }

    [Fact]
    public async Task DailyQuota_Reached_LeavesTheRestQueued()
    {
        var portal = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { DailyQuota = 3 }));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SubmitAsync(portal));
        }

        await Poll.UntilAsync(async () => (await portal.GetStatusAsync())!.SentToday == 3 && Notifier.CallsFor(portal.GetPrimaryKeyString()).Count == 3,
            Timeout, () => "quota never used");
        await Poll.UntilAsync(async () => (await portal.GetStatusAsync())!.Queued == 2, Timeout, () => "the rest never settled as queued");

        Assert.Equal(3, Notifier.CallsFor(portal.GetPrimaryKeyString()).Count);
        Assert.Equal(MessageStatus.Queued, (await portal.GetMessageAsync(ids[^1]))!.Status);
    }
}
