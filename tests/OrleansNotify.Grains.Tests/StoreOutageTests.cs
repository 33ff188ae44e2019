using OrleansNotify.Messages;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class StoreOutageTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    [Fact]
    public async Task Pump_StoreFailsBeforeTheSendStarts_MessageGoesBackToTheQueueAndIsSentOnce()
    {
        // Found by the PostgreSQL-restart failover scenario: a failed flush used to strand the picked
        // messages (and their concurrency slot) in memory until the portal was reactivated. A new portal's
        // first send waits for a write that proves ownership; here that write fails.
        var portal = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { MaxConcurrency = 1 }));
        var portalId = portal.GetPrimaryKeyString();
        var store = (FlakyMessageStore)Fixture.Store;
        store.FailNextFlushes(portalId, 1);

        var id = await SubmitAsync(portal);

        var sent = await WaitForStatusAsync(portal, id, MessageStatus.Sent);
        Assert.Equal(["accepted", "requeued", "sending", "sent"], sent.Timeline.Select(e => e.Event));
        Assert.Single(Notifier.CallsFor(portalId), c => c.MessageId == id);
    }

    [Fact]
    public async Task Pump_StoreFailsWhileRecordingOutcomes_OutcomesAreKeptAndEachMessageSentOnce()
    {
        var portal = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { MaxConcurrency = 1 }));
        var portalId = portal.GetPrimaryKeyString();
        var store = (FlakyMessageStore)Fixture.Store;
        store.FailNextSendingFlushes(portalId, 2); // "sending" goes to the store with the outcome

        var first = await SubmitAsync(portal);
        var second = await SubmitAsync(portal);

        var sent = await WaitForStatusAsync(portal, first, MessageStatus.Sent);
        await WaitForStatusAsync(portal, second, MessageStatus.Sent);
        Assert.Equal(["sending", "sent"], sent.Timeline.Select(e => e.Event).Where(e => e is "sending" or "sent"));
        Assert.Single(Notifier.CallsFor(portalId), c => c.MessageId == first);
        Assert.Single(Notifier.CallsFor(portalId), c => c.MessageId == second);
    }

    [Fact]
    public async Task Pump_SendOut_SendingIsShownFromMemoryAndStoredWithTheOutcomeInOneWrite()
    {
        var portal = await CreatePortalAsync();
        var portalId = portal.GetPrimaryKeyString();
        var gate = Notifier.Gate(portalId);

        var id = await SubmitAsync(portal);
        await Poll.UntilAsync(() => Notifier.IsHeld(portalId), Timeout, () => "the send never started");

        var during = await portal.GetMessageAsync(id);
        Assert.Equal(MessageStatus.Sending, during?.Status);
        Assert.Equal(["accepted", "sending"], during?.Timeline.Select(e => e.Event));
        Assert.Equal(MessageStatus.Queued, (await Fixture.Store.GetAsync(portalId, id, CancellationToken.None))?.Status);

        gate.SetResult();
        var sent = await WaitForStatusAsync(portal, id, MessageStatus.Sent);
        Assert.Equal(["accepted", "sending", "sent"], sent.Timeline.Select(e => e.Event));
        var store = (FlakyMessageStore)Fixture.Store;
        var write = Assert.Single(store.WritesFor(portalId), w => w.Any(c => c.MessageId == id));
        Assert.Equal([MessageStatus.Sending, MessageStatus.Sent], write.Where(c => c.MessageId == id).Select(c => c.Status));
    }
}
