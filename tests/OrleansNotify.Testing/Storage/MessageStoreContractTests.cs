using OrleansNotify.Messages;
using OrleansNotify.Portals;
using OrleansNotify.Storage;

namespace OrleansNotify.Testing.Storage;

/// <summary>
/// Every <see cref="IMessageStore"/> keeps this contract. Subclass once per implementation and hand the
/// store to the constructor; each test works in its own portal, so a shared store (or database) is fine.
/// Instants are whole milliseconds: stores may keep no more than PostgreSQL's microseconds.
/// </summary>
public abstract partial class MessageStoreContractTests(IMessageStore store)
{
    private static readonly byte[] NoBody = [];

    protected static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    protected IMessageStore Store { get; } = store;

    protected string Portal { get; } = "portal-" + Guid.NewGuid().ToString("N")[..10];

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task AddAsync_NewMessages_ReturnsEveryIdInOrder()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        var added = await Store.AddAsync(Portal, owner, [Message("c"), Message("a"), Message("b")], None);
        Assert.Equal(["c", "a", "b"], added);
    }

    [Fact]
    public async Task AddAsync_KnownIds_ReturnsOnlyNewOnesAndKeepsTheFirstCopy()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a", body: "first"), Message("b")], None);

        var added = await Store.AddAsync(Portal, owner, [Message("b", body: "second"), Message("c")], None);

        Assert.Equal(["c"], added);
        var pending = await Store.LoadPendingAsync(Portal, None);
        Assert.Equal(["a", "b", "c"], pending.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(Body("b"), pending.Single(m => m.MessageId == "b").Body);
    }

    [Fact]
    public async Task AddAsync_SameIdTwiceInOneCall_StoresItOnce()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        var added = await Store.AddAsync(Portal, owner, [Message("a", body: "one"), Message("a", body: "two")], None);

        Assert.Equal(["a"], added);
        var pending = Assert.Single(await Store.LoadPendingAsync(Portal, None));
        Assert.Equal(Body("one"), pending.Body);
    }

    [Fact]
    public async Task AddAsync_EmptyList_ReturnsNothing()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        Assert.Empty(await Store.AddAsync(Portal, owner, [], None));
        Assert.Empty(await Store.LoadPendingAsync(Portal, None));
    }

    [Fact]
    public async Task LoadPendingAsync_AfterAdd_ReturnsEveryFieldAsStored()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        var message = new StoredMessage
        {
            MessageId = "full",
            Importance = DeliveryImportance.Low,
            SendAt = T0.AddHours(2),
            AcceptedAt = T0.AddMilliseconds(123),
            Body = [0, 1, 2, 250, 255],
            Recipients = 7,
            Status = MessageStatus.Scheduled,
            Attempts = 2,
            NotBefore = T0.AddHours(3),
            LastError = "421 try later",
            ProviderMessageId = "sg-1",
        };
        await Store.AddAsync(Portal, owner, [message], None);

        var loaded = Assert.Single(await Store.LoadPendingAsync(Portal, None));

        Assert.Equal(message.Body, loaded.Body);
        Assert.Equal(message with { Body = NoBody }, loaded with { Body = NoBody });
    }

    [Fact]
    public async Task LoadPendingAsync_FinalMessages_AreLeftOut()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        string[] ids = ["queued", "scheduled", "sending", "sent", "failed", "cancelled", "suppressed"];
        await Store.AddAsync(Portal, owner, ids.Select(id => Message(id)).ToArray(), None);
        await Store.UpdateAsync(Portal, owner,
        [
            Change("scheduled", MessageStatus.Scheduled, 1), Change("sending", MessageStatus.Sending, 2),
            Change("sent", MessageStatus.Sent, 3), Change("failed", MessageStatus.Failed, 4),
            Change("cancelled", MessageStatus.Cancelled, 5), Change("suppressed", MessageStatus.Suppressed, 6),
        ], None);

        var pending = await Store.LoadPendingAsync(Portal, None);

        Assert.Equal(["queued", "scheduled", "sending"], pending.Select(m => m.MessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LoadPendingAsync_OtherPortal_SeesNoneOfThisPortalsMessages()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a")], None);

        Assert.Empty(await Store.LoadPendingAsync(Portal + "-other", None));
        Assert.Null(await Store.GetAsync(Portal + "-other", "a", None));
    }

    [Fact]
    public async Task AcquireAsync_EachCall_ReturnsAHigherVersionPerPortal()
    {
        var first = await Store.AcquireAsync(Portal, None);
        var second = await Store.AcquireAsync(Portal, None);
        var elsewhere = await Store.AcquireAsync(Portal + "-b", None);
        var third = await Store.AcquireAsync(Portal, None);

        Assert.True(first < second && second < third, $"{first} < {second} < {third}");
        Assert.True(elsewhere >= 1);
    }

    [Fact]
    public async Task GetAsync_UnknownMessageOrPortal_ReturnsNull()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a")], None);

        Assert.Null(await Store.GetAsync(Portal, "missing", None));
        Assert.Null(await Store.GetAsync("never-seen-" + Portal, "a", None));
    }

    [Fact]
    public async Task DeletePortalAsync_RemovesMessagesAndKeepsOldOwnersStale()
    {
        var old = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, old, [Message("a"), Message("b")], None);
        await Store.UpdateAsync(Portal, old, [Change("a", MessageStatus.Sent, 1)], None);
        var other = Portal + "-kept";
        await Store.AddAsync(other, await Store.AcquireAsync(other, None), [Message("a")], None);

        await Store.DeletePortalAsync(Portal, None);

        Assert.Empty(await Store.LoadPendingAsync(Portal, None));
        Assert.Null(await Store.GetAsync(Portal, "a", None));
        Assert.NotNull(await Store.GetAsync(other, "a", None));
        // The owner version survives: an activation from before the delete stays stale.
        var next = await Store.AcquireAsync(Portal, None);
        Assert.True(next > old);
        await Store.AddAsync(Portal, next, [Message("c")], None);
        await Assert.ThrowsAsync<StaleOwnerException>(() => Store.UpdateAsync(Portal, old, [Change("c", MessageStatus.Sent, 2)], None));
    }

    [Fact]
    public async Task DeletePortalAsync_TimelinesGoToo_AReusedIdStartsAfresh()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a")], None);
        await Store.UpdateAsync(Portal, owner, [Change("a", MessageStatus.Sending, 1), Change("a", MessageStatus.Sent, 2)], None);

        await Store.DeletePortalAsync(Portal, None);
        await Store.AddAsync(Portal, owner, [Message("a")], None);

        // A portal created again under the same id may reuse message ids (Idempotency-Key derived ones).
        var view = await Store.GetAsync(Portal, "a", None);
        Assert.Equal(MessageStatus.Queued, view?.Status);
        Assert.Equal(["accepted"], view?.Timeline.Select(e => e.Event));
    }

    protected static StoredMessage Message(string id, string? body = null, int acceptedMs = 0) => new()
    {
        MessageId = id,
        Importance = DeliveryImportance.Normal,
        AcceptedAt = T0.AddMilliseconds(acceptedMs),
        Body = Body(body ?? id),
    };

    protected static byte[] Body(string text) => System.Text.Encoding.UTF8.GetBytes("{\"subject\":\"" + text + "\"}");

    protected static MessageChange Change(string id, MessageStatus status, int atSeconds, string? error = null, string? providerId = null, int attempts = 1) => new()
    {
        MessageId = id,
        Status = status,
        Attempts = attempts,
        LastError = error,
        ProviderMessageId = providerId,
        Event = new TimelineEntry(T0.AddSeconds(atSeconds), status.ToString().ToLowerInvariant(), error),
    };
}
