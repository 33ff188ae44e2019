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
    public async Task Throttle_TenPerSecond_SpreadsTwentyFiveMessagesOverTwoSeconds()
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

        var times = Notifier.CallsFor(portalId).Select(c => c.At).Order().ToArray();
        // 25 sends at 10/s from a bucket of 1 need at least 2.4 s; allow 0.2 s for sender latency spread.
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(2.2), $"25 sends took only {times[^1] - times[0]}");
        for (var i = 0; i + 11 < times.Length; i++)
        {
            // 12 sends inside one second would beat burst + rate (11) by more than latency noise can.
            Assert.True(times[i + 11] - times[i] >= TimeSpan.FromSeconds(0.9), $"12 sends within {times[i + 11] - times[i]}");
        }
    }

    [Fact]
    public async Task NoisyPortal_BacklogAndSlowRate_DoesNotDelayAnotherPortal()
    {
        var noisy = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { PerSecond = 20, Burst = 1, MaxConcurrency = 1 }));
        var quiet = await CreatePortalAsync();
        for (var i = 0; i < 200; i++)
        {
            await SubmitAsync(noisy);
        }

        var started = Now;
        var id = await SubmitAsync(quiet);
        await WaitForStatusAsync(quiet, id, MessageStatus.Sent);
        var elapsed = Now - started;

        var backlog = (await noisy.GetStatusAsync())!.Queued;
        Assert.True(backlog > 100, $"noisy portal backlog {backlog}: the test did not create contention");
        // Behind the noisy backlog it would wait about 10 s (200 at 20/s); on its own it goes at once.
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
