using OrleansNotify.Messages;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class MessageFlowTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    [Fact]
    public async Task SubmitAsync_ExistingPortal_SentThroughStreamPortalAndSender()
    {
        var portal = await CreatePortalAsync();

        var id = await SubmitAsync(portal);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        Assert.Equal(1, view.Attempts);
        Assert.Equal("prov-" + id, view.ProviderMessageId);
        Assert.Equal(["accepted", "sending", "sent"], view.Timeline.Select(e => e.Event));
        var call = Assert.Single(Notifier.CallsFor(portal.GetPrimaryKeyString()));
        Assert.Equal((id, 1), (call.MessageId, call.Attempt));
    }

    [Fact]
    public async Task SubmitAsync_SendAtInFuture_ScheduledAndHeldUntilDue()
    {
        var portal = await CreatePortalAsync();
        var sendAt = Now.AddSeconds(1.5);

        var id = await SubmitAsync(portal, sendAt: sendAt);
        var held = await WaitForStatusAsync(portal, id, MessageStatus.Scheduled);
        Assert.Equal(sendAt, held.SendAt);
        Assert.Equal(1, (await portal.GetStatusAsync())!.Scheduled);
        Assert.Empty(Notifier.CallsFor(portal.GetPrimaryKeyString()));

        await WaitForStatusAsync(portal, id, MessageStatus.Sent);
        var call = Assert.Single(Notifier.CallsFor(portal.GetPrimaryKeyString()));
        Assert.True(call.At >= sendAt, $"sent at {call.At:O}, before send_at {sendAt:O}");
    }

    [Fact]
    public async Task CancelMessageAsync_BeforeSend_CancelledAndNeverSent()
    {
        var portal = await CreatePortalAsync();
        var id = await SubmitAsync(portal, sendAt: Now.AddHours(1));
        await WaitForStatusAsync(portal, id, MessageStatus.Scheduled);

        Assert.Equal(CancelResult.Cancelled, await portal.CancelMessageAsync(id));

        var view = await portal.GetMessageAsync(id);
        Assert.Equal(MessageStatus.Cancelled, view!.Status);
        Assert.Equal("cancelled", view.Timeline[^1].Event);
        Assert.Equal(CancelResult.TooLate, await portal.CancelMessageAsync(id));
        Assert.Equal(CancelResult.NotFound, await portal.CancelMessageAsync(NewMessageId()));
        Assert.Equal(0, (await portal.GetStatusAsync())!.Scheduled);
        Assert.Empty(Notifier.CallsFor(portal.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task CancelMessageAsync_AfterSent_TooLate()
    {
        var portal = await CreatePortalAsync();
        var id = await SubmitAsync(portal);
        await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        Assert.Equal(CancelResult.TooLate, await portal.CancelMessageAsync(id));
        Assert.Equal(MessageStatus.Sent, (await portal.GetMessageAsync(id))!.Status);
    }

    [Fact]
    public async Task SubmitAsync_SameMessageIdTwice_SentOnce()
    {
        var portal = await CreatePortalAsync();
        var duplicate = NewMessageId();

        await SubmitAsync(portal, duplicate);
        await SubmitAsync(portal, duplicate);
        var sentinel = await SubmitAsync(portal); // the stream keeps order: once it is sent, both copies were seen
        await WaitForStatusAsync(portal, sentinel, MessageStatus.Sent);
        await WaitForStatusAsync(portal, duplicate, MessageStatus.Sent);

        Assert.Single(Notifier.CallsFor(portal.GetPrimaryKeyString()), c => c.MessageId == duplicate);
    }

    [Fact]
    public async Task SubmitAsync_PortalDoesNotExist_RecordedAsFailed()
    {
        var portal = Grains.GetGrain<IPortalGrain>(NewPortalId());

        var id = await SubmitAsync(portal);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Failed);

        Assert.Equal("portal does not exist", view.LastError);
        Assert.Null(await portal.GetAsync()); // the message did not create the portal
        Assert.Empty(Notifier.CallsFor(portal.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task SubmitAsync_ManyMessages_AllSentAndQueueDrains()
    {
        var portal = await CreatePortalAsync();
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await SubmitAsync(portal));
        }

        await Poll.UntilAsync(() => Notifier.CallsFor(portal.GetPrimaryKeyString()).Count >= 50, Timeout,
            () => $"{Notifier.CallsFor(portal.GetPrimaryKeyString()).Count} of 50 sent");
        foreach (var id in ids)
        {
            await WaitForStatusAsync(portal, id, MessageStatus.Sent);
        }

        var status = await portal.GetStatusAsync();
        Assert.Equal((0, 0, 0), (status!.Queued, status.Scheduled, status.InFlight));
        Assert.Equal(50, Notifier.CallsFor(portal.GetPrimaryKeyString()).Select(c => c.MessageId).Distinct().Count());
    }
}
