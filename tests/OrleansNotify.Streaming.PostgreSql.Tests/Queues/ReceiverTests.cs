using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using OrleansNotify.Streaming.PostgreSql.Queues;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Streaming.PostgreSql.Tests.Queues;

/// <summary>The receiver Orleans' pulling agent drives, on a real queue: lease, order, delete, hand-off.</summary>
public sealed class ReceiverTests(PostgreSqlDatabase db) : IClassFixture<PostgreSqlDatabase>, IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(PostgreSqlBatchContainer).Assembly))
        .BuildServiceProvider();

    private readonly PostgreSqlStreamOptions _options = new() { ConnectionString = "unused", PollInterval = TimeSpan.FromMilliseconds(1) };
    private readonly PostgreSqlQueueTable _table = new(db.DataSource, "svc", "r-" + Guid.NewGuid().ToString("N")[..8]);
    private QueueNotificationListener _listener = null!;

    private Serializer<PostgreSqlBatchContainer> Serializer => _services.GetRequiredService<Serializer<PostgreSqlBatchContainer>>();

    public Task InitializeAsync()
    {
        _listener = new QueueNotificationListener(_table, db.DataSource, 8, TimeProvider.System, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _services.DisposeAsync();
    }

    private PostgreSqlQueueAdapterReceiver NewReceiver(TimeProvider? time = null, PostgreSqlStreamOptions? options = null)
        => new(QueueId.GetQueueId("r", 0, 0), options ?? _options, _table, Serializer,
            _listener, time ?? TimeProvider.System, NullLogger<PostgreSqlQueueAdapterReceiver>.Instance);

    private async Task PublishAsync(string key, params int[] items)
    {
        var container = new PostgreSqlBatchContainer(StreamId.Create("ns", key), items.Cast<object>().ToList(), null);
        await _table.EnqueueAsync([new QueueRow(0, Serializer.SerializeToArray(container))], notify: false, default);
    }

    [Fact]
    public async Task GetQueueMessagesAsync_SecondReceiverOnSameQueue_GetsNothingUntilFirstShutsDown()
    {
        await PublishAsync("a", 1, 2);
        await PublishAsync("a", 3);
        await PublishAsync("b", 4);
        var first = NewReceiver();
        var second = NewReceiver();
        await first.Initialize(TimeSpan.FromSeconds(5), default);
        await second.Initialize(TimeSpan.FromSeconds(5), default);

        var batches = await first.GetQueueMessagesAsync(2, default);
        Assert.Equal([1, 2, 3], batches.SelectMany(b => b.GetEvents<int>()).Select(e => e.Item1));
        Assert.True(batches[0].SequenceToken.Older(batches[1].SequenceToken));
        Assert.Empty(await second.GetQueueMessagesAsync(10, default)); // the lease fences the queue

        await first.MessagesDeliveredAsync([batches[0]], default);
        await first.Shutdown(TimeSpan.FromSeconds(5), default);

        // Hand-off is immediate: the undelivered batch comes back, the delivered one does not.
        var taken = await second.GetQueueMessagesAsync(10, default);
        Assert.Equal([3, 4], taken.SelectMany(b => b.GetEvents<int>()).Select(e => e.Item1));
        await second.MessagesDeliveredAsync(taken, default);
        await second.Shutdown(TimeSpan.FromSeconds(5), default);
        Assert.Equal(0, await db.ScalarAsync($"SELECT count(*) FROM notify_stream_queue WHERE provider_id = '{_table.ProviderId}'"));
    }

    [Fact]
    public async Task GetQueueMessagesAsync_UnreadablePayload_MovesRowToDeadLetters()
    {
        await _table.EnqueueAsync([new QueueRow(0, [1, 2, 3])], notify: false, default);
        await PublishAsync("a", 7);
        var receiver = NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5), default);

        var batches = await receiver.GetQueueMessagesAsync(10, default);

        Assert.Equal(7, Assert.Single(Assert.Single(batches).GetEvents<int>()).Item1);
        Assert.Equal(1, await db.ScalarAsync($"SELECT count(*) FROM notify_stream_dead_letter WHERE provider_id = '{_table.ProviderId}'"));
        await receiver.Shutdown(TimeSpan.FromSeconds(5), default);
    }

    [Fact]
    public async Task GetQueueMessagesAsync_AfterPartialClaim_WaitsMinClaimIntervalUnlessTheClaimWasFull()
    {
        var clock = new FakeTimeProvider();
        var options = new PostgreSqlStreamOptions
        {
            ConnectionString = "unused",
            PollInterval = TimeSpan.FromSeconds(1),
            MinClaimInterval = TimeSpan.FromMilliseconds(30),
        };
        var receiver = NewReceiver(clock, options);
        await receiver.Initialize(TimeSpan.FromSeconds(5), default);
        await PublishAsync("a", 1, 2);
        await PublishAsync("a", 3);

        // A full claim (2 of 2) is followed at once.
        Assert.Equal(2, (await receiver.GetQueueMessagesAsync(2, default)).Count);
        await PublishAsync("a", 4);
        var partial = await receiver.GetQueueMessagesAsync(10, default);
        Assert.Equal([4], partial.SelectMany(b => b.GetEvents<int>()).Select(e => e.Item1));

        // After a partial claim a row that arrives is left to gather with others until the interval has passed.
        await PublishAsync("a", 5);
        Assert.Empty(await receiver.GetQueueMessagesAsync(10, default));
        clock.Advance(TimeSpan.FromMilliseconds(30));
        var later = await receiver.GetQueueMessagesAsync(10, default);
        Assert.Equal([5], later.SelectMany(b => b.GetEvents<int>()).Select(e => e.Item1));
        await receiver.Shutdown(TimeSpan.FromSeconds(5), default);
    }
}
