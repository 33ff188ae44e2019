using System.Text;
using OrleansNotify.Messages;
using OrleansNotify.Portals;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class RebuildTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    private static StoredMessage Row(string id, MessageStatus status) => new()
    {
        MessageId = id,
        Importance = DeliveryImportance.Normal,
        AcceptedAt = Now,
        Body = Encoding.UTF8.GetBytes("{}"),
        Status = status,
    };

    [Fact]
    public async Task Activation_StoredPendingRows_RebuildsQueue_SendingBecomesQueuedAndIsSent()
    {
        var portalId = NewPortalId();
        var store = Fixture.Store;
        // Rows an earlier activation left behind: one queued, one that was sending when it died.
        var owner = await store.AcquireAsync(portalId, CancellationToken.None);
        await store.AddAsync(portalId, owner, [Row("queued-1", MessageStatus.Queued), Row("sending-1", MessageStatus.Sending)], CancellationToken.None);

        var portal = Grains.GetGrain<IPortalGrain>(portalId);
        await portal.PutAsync(TestPortal());

        await WaitForStatusAsync(portal, "queued-1", MessageStatus.Sent);
        var resent = await WaitForStatusAsync(portal, "sending-1", MessageStatus.Sent);
        Assert.Contains(resent.Timeline, e => e.Event == "requeued");
        Assert.Equal(2, Notifier.CallsFor(portalId).Count);
    }

    [Fact]
    public async Task StaleOwner_AnotherActivationTookOver_OldOneStepsDown_MessageStillSent()
    {
        var portal = await CreatePortalAsync(TestPortal(throttle: new ThrottleSettings { MaxConcurrency = 1 }));
        var portalId = portal.GetPrimaryKeyString();
        await WaitForStatusAsync(portal, await SubmitAsync(portal), MessageStatus.Sent);

        // A newer owner appears (as after a silo failure): the live activation's writes are now refused.
        await Fixture.Store.AcquireAsync(portalId, CancellationToken.None);
        var id = await SubmitAsync(portal);

        // The stale activation deactivates; the next one acquires ownership, rebuilds and sends.
        await Poll.UntilAsync(async () =>
        {
            await Grains.GetGrain<IPortalGrain>(portalId).GetStatusAsync(); // wakes a fresh activation
            return (await portal.GetMessageAsync(id))?.Status == MessageStatus.Sent;
        }, Timeout, () => "the message was not sent after the ownership change");
        Assert.Single(Notifier.CallsFor(portalId), c => c.MessageId == id);
    }
}
