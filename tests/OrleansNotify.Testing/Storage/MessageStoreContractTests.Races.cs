using OrleansNotify.Messages;
using OrleansNotify.Storage;

namespace OrleansNotify.Testing.Storage;

/// <summary>Parallel races: what two activations (or a stream redelivery) may do at the same moment.</summary>
public abstract partial class MessageStoreContractTests
{
    private static readonly TimeSpan RaceTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AddAsync_SameIdsConcurrently_EachIdIsNewExactlyOnce()
    {
        var owner = await Store.AcquireAsync(Portal, None);
        for (var round = 0; round < 10; round++)
        {
            // Overlapping batches in different orders, released together.
            var ids = Enumerable.Range(0, 100).Select(i => $"r{round}-{i:D3}").ToArray();
            var forward = ids.Select(id => Message(id)).ToArray();
            var backward = forward.Reverse().Skip(20).ToArray();
            using var start = new Barrier(2);

            var results = await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(RaceTimeout); return Store.AddAsync(Portal, owner, forward, None); }),
                Task.Run(() => { start.SignalAndWait(RaceTimeout); return Store.AddAsync(Portal, owner, backward, None); }));

            var all = results[0].Concat(results[1]).ToArray();
            Assert.Equal(ids.Length, all.Length);
            Assert.Equal(ids, all.Order(StringComparer.Ordinal));
        }

        Assert.Equal(1000, (await Store.LoadPendingAsync(Portal, None)).Count);
    }

    [Fact]
    public async Task AddAsync_ManyPortalsConcurrently_EachCallGetsItsOwnNewIds()
    {
        // Portal grains store their deliveries at the same moment; a store may write them together,
        // but each caller must get back exactly its own new ids, and ids repeat across portals.
        var portals = Enumerable.Range(0, 40).Select(i => $"{Portal}-{i:D2}").ToArray();
        var owners = await Task.WhenAll(portals.Select(p => Store.AcquireAsync(p, None)));
        await Store.AddAsync(portals[0], owners[0], [Message("m1")], None); // already known: not new again
        using var start = new Barrier(portals.Length);

        var results = await Task.WhenAll(portals.Select((p, i) => Task.Run(() =>
        {
            start.SignalAndWait(RaceTimeout);
            return Store.AddAsync(p, owners[i], [Message("m2"), Message("m1"), Message($"only-{i}")], None);
        })));

        Assert.Equal(["m2", "only-0"], results[0]);
        for (var i = 1; i < portals.Length; i++)
        {
            Assert.Equal(["m2", "m1", $"only-{i}"], results[i]);
            Assert.Equal(3, (await Store.LoadPendingAsync(portals[i], None)).Count);
        }
    }

    [Fact]
    public async Task UpdateAsync_TwoOwnersConcurrently_TheOlderFails()
    {
        var old = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, old, [Message("a")], None);
        var current = await Store.AcquireAsync(Portal, None);
        using var start = new Barrier(2);

        var older = Task.Run(() => { start.SignalAndWait(RaceTimeout); return Store.UpdateAsync(Portal, old, [Change("a", MessageStatus.Failed, 1)], None); });
        var newer = Task.Run(() => { start.SignalAndWait(RaceTimeout); return Store.UpdateAsync(Portal, current, [Change("a", MessageStatus.Sent, 1)], None); });

        await newer;
        await Assert.ThrowsAsync<StaleOwnerException>(() => older);
        var view = await Store.GetAsync(Portal, "a", None);
        Assert.Equal(MessageStatus.Sent, view?.Status);
        Assert.Equal(["accepted", "sent"], view?.Timeline.Select(e => e.Event));
    }

    [Fact]
    public async Task UpdateAsync_OwnerAcquiredWhileOlderOwnerWrites_NoOlderWriteLandsAfterwards()
    {
        var old = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, old, [Message("a")], None);
        var acquired = 0; // set once the new owner's AcquireAsync has returned
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateWrites = 0;

        // The old activation keeps writing until the store tells it that it is stale.
        // Bounded by time, not count: an in-memory store can write thousands of times before the
        // acquiring thread is even scheduled.
        var writer = Task.Run(async () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 1; clock.Elapsed < RaceTimeout; i++)
            {
                var startedAfterAcquire = Volatile.Read(ref acquired) == 1;
                try
                {
                    await Store.UpdateAsync(Portal, old, [Change("a", MessageStatus.Sending, i)], None);
                }
                catch (StaleOwnerException)
                {
                    return i;
                }

                firstWrite.TrySetResult();
                if (startedAfterAcquire)
                {
                    Interlocked.Increment(ref lateWrites);
                }
            }

            return -1;
        });

        await firstWrite.Task.WaitAsync(RaceTimeout);
        var current = await Store.AcquireAsync(Portal, None);
        Volatile.Write(ref acquired, 1);
        var stoppedAt = await writer.WaitAsync(RaceTimeout);

        Assert.True(stoppedAt > 0, "the old owner was never told it is stale");
        Assert.Equal(0, lateWrites);
        await Store.UpdateAsync(Portal, current, [Change("a", MessageStatus.Sent, 100_000_000)], None);
        var view = await Store.GetAsync(Portal, "a", None);
        Assert.Equal(MessageStatus.Sent, view?.Status);
        Assert.Equal("sent", view?.Timeline[^1].Event);
    }
}
