using OrleansNotify.Grains.Tracking;
using OrleansNotify.Testing.Tracking;

namespace OrleansNotify.Tracking.Tests.Unit;

public sealed class WebhookLaneTests
{
    private static WebhookBatch Post(string id, int events = 1) => new()
    {
        PortalId = "p",
        Events = Enumerable.Range(0, events).Select(i => TrackingEvents.Event($"{id}.{i}", "open", TrackingEvents.T0)).ToArray(),
    };

    [Fact]
    public async Task Add_PostsArrivingDuringAPublish_GoTogetherInOrderAndCompleteOnlyOncePublished()
    {
        var published = new List<WebhookBatch>();
        var gates = new List<TaskCompletionSource>();
        var retired = 0;
        var lane = new WebhookLane(b =>
        {
            published.Add(b);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gates.Add(gate);
            return gate.Task;
        }, () => retired++, TimeSpan.Zero, TimeProvider.System);

        var first = lane.Add(Post("a"));
        var second = lane.Add(Post("b"));
        var third = lane.Add(Post("c", 2));
        Assert.Single(published); // the first went at once, alone
        Assert.False(second.IsCompleted);

        gates[0].SetResult();
        await first;
        await WaitUntil(() => published.Count == 2);
        Assert.Equal(["b.0", "c.0", "c.1"], published[1].Events.Select(e => e.EventId));
        Assert.False(second.IsCompleted); // on the stream only once its own item is

        gates[1].SetResult();
        await Task.WhenAll(second, third);
        await WaitUntil(() => retired == 1);
    }

    [Fact]
    public async Task Add_FailedPublish_FailsEveryPostInThatItemOnly()
    {
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lane = new WebhookLane(_ => ++calls switch
        {
            1 => gate.Task,
            2 => Task.FromException(new InvalidOperationException("queue full")),
            _ => Task.CompletedTask,
        }, () => { }, TimeSpan.Zero, TimeProvider.System);

        var first = lane.Add(Post("a"));
        var second = lane.Add(Post("b"));
        var third = lane.Add(Post("c"));
        gate.SetResult();

        await first;
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        await Assert.ThrowsAsync<InvalidOperationException>(() => third);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Add_MoreThanMaxEventsWaiting_SplitsBetweenPostsNeverInsideOne()
    {
        var published = new List<WebhookBatch>();
        var gate = new TaskCompletionSource();
        var lane = new WebhookLane(b => { published.Add(b); return published.Count == 1 ? gate.Task : Task.CompletedTask; },
            () => { }, TimeSpan.Zero, TimeProvider.System);

        lane.Add(Post("first"));
        lane.Add(Post("a", 600));
        lane.Add(Post("b", 600));
        lane.Add(Post("c", WebhookLane.MaxEvents + 5));
        gate.SetResult();

        Assert.Equal([1, 600, 600, WebhookLane.MaxEvents + 5], published.Select(b => b.Events.Count));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
