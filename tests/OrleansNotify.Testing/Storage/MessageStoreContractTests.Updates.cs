using OrleansNotify.Messages;
using OrleansNotify.Storage;

namespace OrleansNotify.Testing.Storage;

public abstract partial class MessageStoreContractTests
{
    [Fact]
    public async Task UpdateAsync_StatusChanges_ShowInGetWithTimelineInOrder()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a", acceptedMs: 500)], None);

        await Store.UpdateAsync(Portal, owner, [Change("a", MessageStatus.Sending, 1)], None);
        await Store.UpdateAsync(Portal, owner, [Change("a", MessageStatus.Sent, 2, providerId: "sg-42")], None);

        var view = await Store.GetAsync(Portal, "a", None);
        Assert.NotNull(view);
        Assert.Equal(Portal, view.PortalId);
        Assert.Equal(MessageStatus.Sent, view.Status);
        Assert.Equal("sg-42", view.ProviderMessageId);
        Assert.Equal(1, view.Attempts);
        Assert.Equal(T0.AddMilliseconds(500), view.AcceptedAt);
        Assert.Equal(
            [new TimelineEntry(T0.AddMilliseconds(500), "accepted"), new(T0.AddSeconds(1), "sending"), new(T0.AddSeconds(2), "sent")],
            view.Timeline);
    }

    [Fact]
    public async Task GetAsync_EventsWrittenOutOfTimeOrder_ComeBackInTimeOrder()
    {
        // Two silos' clocks may disagree: the timeline is ordered by instant, not by write.
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a")], None);

        await Store.UpdateAsync(Portal, owner, [Change("a", MessageStatus.Sent, 30)], None);
        await Store.UpdateAsync(Portal, owner, [Change("a", MessageStatus.Sending, 10)], None);

        var view = await Store.GetAsync(Portal, "a", None);
        Assert.Equal(["accepted", "sending", "sent"], view?.Timeline.Select(e => e.Event));
        Assert.Equal(MessageStatus.Sending, view?.Status);
    }

    [Fact]
    public async Task UpdateAsync_TwoChangesOfOneMessageInOneCall_LastWinsAndBothAreLogged()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a")], None);
        var retryAt = T0.AddMinutes(5);

        await Store.UpdateAsync(Portal, owner,
        [
            Change("a", MessageStatus.Queued, 1, error: "421 busy", attempts: 1) with { NotBefore = retryAt },
            Change("a", MessageStatus.Sending, 2, attempts: 2),
        ], None);

        var view = await Store.GetAsync(Portal, "a", None);
        Assert.NotNull(view);
        Assert.Equal(MessageStatus.Sending, view.Status);
        Assert.Equal(2, view.Attempts);
        Assert.Equal("421 busy", view.LastError);
        Assert.Equal(["accepted", "queued", "sending"], view.Timeline.Select(e => e.Event));
        Assert.Equal("421 busy", view.Timeline[1].Detail);
        var pending = Assert.Single(await Store.LoadPendingAsync(Portal, None));
        Assert.Null(pending.NotBefore);
    }

    [Fact]
    public async Task UpdateAsync_ManyMessagesInOneCall_AppliesEveryChange()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        var ids = Enumerable.Range(0, 250).Select(i => $"m{i:D3}").ToArray();
        await Store.AddAsync(Portal, owner, ids.Select(id => Message(id)).ToArray(), None);

        await Store.UpdateAsync(Portal, owner, ids.Where((_, i) => i % 2 == 0).Select(id => Change(id, MessageStatus.Sent, 1)).ToArray(), None);

        var pending = await Store.LoadPendingAsync(Portal, None);
        Assert.Equal(ids.Where((_, i) => i % 2 == 1), pending.Select(m => m.MessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpdateAsync_UnknownMessage_IsIgnoredAndTheRestApplies()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a")], None);

        await Store.UpdateAsync(Portal, owner, [Change("ghost", MessageStatus.Sent, 1), Change("a", MessageStatus.Sent, 1)], None);

        Assert.Null(await Store.GetAsync(Portal, "ghost", None));
        Assert.Equal(MessageStatus.Sent, (await Store.GetAsync(Portal, "a", None))?.Status);
    }

    [Fact]
    public async Task UpdateAsync_StaleOwner_ThrowsAndWritesNothing()
    {
        var old = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, old, [Message("a"), Message("b")], None);
        var current = await Store.AcquireAsync(Portal, None);
        await Store.UpdateAsync(Portal, current, [Change("a", MessageStatus.Sending, 1)], None);

        var error = await Assert.ThrowsAsync<StaleOwnerException>(() =>
            Store.UpdateAsync(Portal, old, [Change("a", MessageStatus.Failed, 2, error: "stale"), Change("b", MessageStatus.Sent, 2)], None));

        Assert.Contains(Portal, error.Message, StringComparison.Ordinal);
        var a = await Store.GetAsync(Portal, "a", None);
        var b = await Store.GetAsync(Portal, "b", None);
        Assert.Equal(MessageStatus.Sending, a?.Status);
        Assert.Null(a?.LastError);
        Assert.Equal(["accepted", "sending"], a?.Timeline.Select(e => e.Event));
        Assert.Equal(MessageStatus.Queued, b?.Status);
        Assert.Equal(["accepted"], b?.Timeline.Select(e => e.Event));
    }

    [Fact]
    public async Task UpdateAsync_CurrentOwnerAfterStaleAttempt_StillWrites()
    {
        var old = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, old, [Message("a")], None);
        var current = await Store.AcquireAsync(Portal, None);
        await Assert.ThrowsAsync<StaleOwnerException>(() => Store.UpdateAsync(Portal, old, [Change("a", MessageStatus.Failed, 1)], None));

        await Store.UpdateAsync(Portal, current, [Change("a", MessageStatus.Sent, 2)], None);

        Assert.Equal(MessageStatus.Sent, (await Store.GetAsync(Portal, "a", None))?.Status);
    }

    [Fact]
    public async Task UpdateAsync_NoChanges_OnlyChecksTheOwner()
    {
        // The portal grain's check before it sends when it has no status to write.
        var old = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, old, [Message("a")], None);
        await Store.UpdateAsync(Portal, old, [], None);
        var current = await Store.AcquireAsync(Portal, None);

        await Assert.ThrowsAsync<StaleOwnerException>(() => Store.UpdateAsync(Portal, old, [], None));
        await Store.UpdateAsync(Portal, current, [], None);
        await Store.UpdateAsync(Portal + "-never-acquired", 1, [], None);

        var view = await Store.GetAsync(Portal, "a", None);
        Assert.Equal(MessageStatus.Queued, view?.Status);
        Assert.Equal(["accepted"], view?.Timeline.Select(e => e.Event));
    }
}
