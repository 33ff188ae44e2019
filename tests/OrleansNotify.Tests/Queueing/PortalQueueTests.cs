using OrleansNotify.Grains;
using OrleansNotify.Grains.Queueing;
using OrleansNotify.Portals;

namespace OrleansNotify.Tests.Queueing;

public class PortalQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static QueuedMessage Message(string id, DeliveryImportance importance = DeliveryImportance.Normal, DateTimeOffset? notBefore = null) =>
        new() { MessageId = id, Importance = importance, Body = [], NotBefore = notBefore };

    private static List<string> Drain(PortalQueue queue)
    {
        var ids = new List<string>();
        while (queue.TakeReady() is { } message)
        {
            ids.Add(message.MessageId);
        }

        return ids;
    }

    [Fact]
    public void TakeReady_MixedImportance_HighThenNormalThenLowEachInArrivalOrder()
    {
        var queue = new PortalQueue();
        queue.Add(Message("n1"), Now);
        queue.Add(Message("l1", DeliveryImportance.Low), Now);
        queue.Add(Message("n2"), Now);
        queue.Add(Message("h1", DeliveryImportance.High), Now);
        queue.Add(Message("h2", DeliveryImportance.High), Now);

        Assert.Equal(["h1", "h2", "n1", "n2", "l1"], Drain(queue));
        Assert.Equal(5, queue.InFlightCount);
    }

    [Fact]
    public void Add_SameIdTwice_QueuesOnce()
    {
        var queue = new PortalQueue();
        Assert.True(queue.Add(Message("a"), Now));
        Assert.False(queue.Add(Message("a"), Now));

        Assert.Equal(["a"], Drain(queue));
    }

    [Fact]
    public void PromoteDue_HeldMessages_ReleasedInDueOrderOnlyWhenDue()
    {
        var queue = new PortalQueue();
        queue.Add(Message("later", notBefore: Now.AddMinutes(2)), Now);
        queue.Add(Message("sooner", notBefore: Now.AddMinutes(1)), Now);
        Assert.Equal(2, queue.HeldCount);
        Assert.Equal(Now.AddMinutes(1), queue.NextDue);
        Assert.Null(queue.TakeReady());

        queue.PromoteDue(Now.AddSeconds(59));
        Assert.Null(queue.TakeReady());

        queue.PromoteDue(Now.AddMinutes(5));
        Assert.Equal(["sooner", "later"], Drain(queue));
        Assert.Null(queue.NextDue);
    }

    [Fact]
    public void Cancel_ReadyOrHeld_RemovesIt_InFlight_TooLate_Unknown_NotFound()
    {
        var queue = new PortalQueue();
        queue.Add(Message("ready"), Now);
        queue.Add(Message("held", notBefore: Now.AddHours(1)), Now);
        queue.Add(Message("flying"), Now);
        queue.Add(Message("next"), Now);
        Assert.Equal(CancelResult.Cancelled, queue.Cancel("ready"));
        Assert.Equal("flying", queue.TakeReady()!.MessageId);

        Assert.Equal(CancelResult.Cancelled, queue.Cancel("held"));
        Assert.Equal(CancelResult.TooLate, queue.Cancel("flying"));
        Assert.Equal(CancelResult.NotFound, queue.Cancel("nope"));
        Assert.Equal(CancelResult.NotFound, queue.Cancel("ready"));

        Assert.Equal(1, queue.Depth);
        Assert.Equal(["next"], Drain(queue));
        queue.PromoteDue(Now.AddHours(2));
        Assert.Null(queue.TakeReady());
    }

    [Fact]
    public void Requeue_Front_GoesBeforeItsLane_WithNotBefore_IsHeld()
    {
        var queue = new PortalQueue();
        queue.Add(Message("a"), Now);
        queue.Add(Message("b"), Now);
        var a = queue.TakeReady()!;
        queue.Requeue(a, null, Now, front: true);
        Assert.Equal("a", queue.PeekReady()!.MessageId);

        var again = queue.TakeReady()!;
        queue.Requeue(again, Now.AddSeconds(10), Now, front: false);
        Assert.Equal(QueueState.Held, again.State);
        Assert.Equal(["b"], Drain(queue));

        queue.PromoteDue(Now.AddSeconds(10));
        Assert.Equal(["a"], Drain(queue));
    }

    [Fact]
    public void Complete_InFlight_LeavesTheQueueAndFreesTheId()
    {
        var queue = new PortalQueue();
        queue.Add(Message("a"), Now);
        var a = queue.TakeReady()!;
        queue.Complete(a);

        Assert.Equal(0, queue.InFlightCount);
        Assert.Null(queue.Find("a"));
        Assert.Equal(QueueState.Gone, a.State);
    }

    [Fact]
    public void Counts_TrackReadyHeldScheduledAndDepth()
    {
        var queue = new PortalQueue();
        queue.Add(Message("r"), Now);
        var scheduled = Message("s", notBefore: Now.AddHours(1));
        scheduled.Scheduled = true;
        queue.Add(scheduled, Now);
        queue.Add(Message("backoff", notBefore: Now.AddSeconds(5)), Now);

        Assert.Equal(1, queue.ReadyCount);
        Assert.Equal(2, queue.HeldCount);
        Assert.Equal(1, queue.ScheduledCount);
        Assert.Equal(3, queue.Depth);
    }

    [Fact]
    public void TakeReady_HighArrivesWhileNormalsWait_OvertakesThem()
    {
        var queue = new PortalQueue();
        for (var i = 0; i < 100; i++)
        {
            queue.Add(Message($"n{i}"), Now);
        }

        Assert.Equal("n0", queue.TakeReady()!.MessageId);
        queue.Add(Message("urgent", DeliveryImportance.High), Now);
        Assert.Equal("urgent", queue.TakeReady()!.MessageId);
    }
}
