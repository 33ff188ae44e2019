using OrleansNotify.Messages;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class StoreOutageTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    [Fact]
    public async Task Pump_StoreFailsWhileMarkingSending_MessagesGoBackToTheQueueAndAreSent()
    {
        // Found by the PostgreSQL-restart failover scenario: a failed flush used to strand the picked
        // messages (and their concurrency slot) in memory until the portal was reactivated.
        var portal = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { MaxConcurrency = 1 }));
        var portalId = portal.GetPrimaryKeyString();
        var store = (FlakyMessageStore)Fixture.Store;
        store.FailNextSendingFlushes(portalId, 2);

        var first = await SubmitAsync(portal);
        var second = await SubmitAsync(portal);

        var sent = await WaitForStatusAsync(portal, first, MessageStatus.Sent);
        await WaitForStatusAsync(portal, second, MessageStatus.Sent);
        Assert.Contains(sent.Timeline, e => e.Event == "requeued");
        Assert.Single(Notifier.CallsFor(portalId), c => c.MessageId == first);
        Assert.Single(Notifier.CallsFor(portalId), c => c.MessageId == second);
    }
}
