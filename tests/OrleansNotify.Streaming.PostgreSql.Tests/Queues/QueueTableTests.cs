using Microsoft.Extensions.Logging.Abstractions;
using OrleansNotify.Streaming.PostgreSql.Queues;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Streaming.PostgreSql.Tests.Queues;

/// <summary>The queue contract against a real PostgreSQL: what the adapter and the receivers rely on.</summary>
public sealed class QueueTableTests(PostgreSqlDatabase db) : IClassFixture<PostgreSqlDatabase>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private PostgreSqlQueueTable NewTable() => new(db.DataSource, "svc", "p-" + Guid.NewGuid().ToString("N")[..8]);

    private static byte[] Payload(int producer, int seq) => [.. BitConverter.GetBytes(producer), .. BitConverter.GetBytes(seq)];

    private static (int Producer, int Seq) Read(byte[] payload) => (BitConverter.ToInt32(payload, 0), BitConverter.ToInt32(payload, 4));

    private static QueueRow[] Rows(int queue, int count) => Enumerable.Range(0, count).Select(i => new QueueRow(queue, Payload(0, i))).ToArray();

    [Fact]
    public async Task ClaimAsync_EnqueuedThenDelivered_RowIsGone()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(3, 5), notify: false, default);

        var claimed = await table.ClaimAsync(3, 100, Long, 5, default);
        Assert.Equal(Enumerable.Range(0, 5), claimed.Select(r => Read(r.Payload).Seq));
        Assert.All(claimed, r => Assert.Equal(1, r.DequeueCount));
        Assert.Empty(await table.ClaimAsync(3, 100, Long, 5, default)); // claimed rows are invisible

        Assert.Equal(5, await table.DeleteAsync(3, claimed.Select(r => r.MessageId).ToArray(), default));
        Assert.Equal(0, await db.ScalarAsync($"SELECT count(*) FROM notify_stream_queue WHERE provider_id = '{table.ProviderId}'"));
    }

    [Fact]
    public async Task ClaimAsync_OtherQueueProviderOrService_SeesNoRows()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(1, 3), notify: false, default);

        Assert.Empty(await table.ClaimAsync(2, 100, Long, 5, default));
        Assert.Empty(await new PostgreSqlQueueTable(db.DataSource, "svc", table.ProviderId + "x").ClaimAsync(1, 100, Long, 5, default));
        Assert.Empty(await new PostgreSqlQueueTable(db.DataSource, "other", table.ProviderId).ClaimAsync(1, 100, Long, 5, default));
        Assert.Equal(3, (await table.ClaimAsync(1, 100, Long, 5, default)).Count);
    }

    [Fact]
    public async Task ClaimAsync_ReceiversRacingOnOneQueue_NeverShareARow()
    {
        var table = NewTable();
        const int total = 3000;
        await table.EnqueueAsync(Rows(0, total), notify: false, default);

        using var start = new Barrier(4);
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            var mine = new List<long>();
            while (true)
            {
                var batch = await table.ClaimAsync(0, 37, Long, 5, default);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(r => r.MessageId));
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(total, all.Count);
        Assert.Equal(total, all.Distinct().Count());
        Assert.True(claims.Count(c => c.Count > 0) > 1, "the race needs more than one claimer taking rows");
    }

    [Fact]
    public async Task ClaimAsync_AfterVisibilityTimeout_ReturnsUnacknowledgedRows()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(0, 2), notify: false, default);
        var first = await table.ClaimAsync(0, 1, TimeSpan.FromSeconds(1), 5, default);
        Assert.Single(first);

        // The other row is still visible; the claimed one comes back only after its timeout.
        var second = await table.ClaimAsync(0, 10, Long, 5, default);
        Assert.NotEqual(first[0].MessageId, Assert.Single(second).MessageId);

        IReadOnlyList<ClaimedRow> again = [];
        await Poll.UntilAsync(async () => (again = await table.ClaimAsync(0, 10, Long, 5, default)).Count > 0, TimeSpan.FromSeconds(10), "the row to reappear");
        var row = Assert.Single(again);
        Assert.Equal(first[0].MessageId, row.MessageId);
        Assert.Equal(2, row.DequeueCount);
    }

    [Fact]
    public async Task SetVisibilityAsync_Zero_ReleasesClaimAtOnce()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(0, 1), notify: false, default);
        var claimed = await table.ClaimAsync(0, 10, Long, 5, default);

        Assert.Equal(1, await table.SetVisibilityAsync(0, [claimed[0].MessageId], TimeSpan.Zero, default));

        Assert.Equal(claimed[0].MessageId, Assert.Single(await table.ClaimAsync(0, 10, Long, 5, default)).MessageId);
    }

    [Fact]
    public async Task ClaimAsync_RowClaimedMaxTimes_MovesToDeadLetters()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(0, 1), notify: false, default);

        // Zero visibility: every claim "times out" at once, like a consumer that keeps failing.
        Assert.Equal(1, Assert.Single(await table.ClaimAsync(0, 10, TimeSpan.Zero, 2, default)).DequeueCount);
        Assert.Equal(2, Assert.Single(await table.ClaimAsync(0, 10, TimeSpan.Zero, 2, default)).DequeueCount);
        Assert.Empty(await table.ClaimAsync(0, 10, TimeSpan.Zero, 2, default));

        Assert.Equal(0, await db.ScalarAsync($"SELECT count(*) FROM notify_stream_queue WHERE provider_id = '{table.ProviderId}'"));
        Assert.Equal(2, await db.ScalarAsync($"SELECT dequeue_count FROM notify_stream_dead_letter WHERE provider_id = '{table.ProviderId}'"));
    }

    [Fact]
    public async Task DeadLetterAsync_UnreadableRow_KeepsReason()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(0, 1), notify: false, default);
        var claimed = await table.ClaimAsync(0, 10, Long, 5, default);

        Assert.Equal(1, await table.DeadLetterAsync(0, [claimed[0].MessageId], "bad payload", default));

        Assert.Equal(1, await db.ScalarAsync($"SELECT count(*) FROM notify_stream_dead_letter WHERE provider_id = '{table.ProviderId}' AND reason = 'bad payload'"));
        Assert.Empty(await table.ClaimAsync(0, 10, TimeSpan.Zero, 5, default));
    }

    [Fact]
    public async Task EnqueueAsync_ConcurrentProducers_CoalescedAndDurableOnCompletion()
    {
        var table = NewTable();
        await using var batcher = new InsertBatcher(table, 256, 2, notify: true, NullLogger.Instance);
        const int producers = 1000;

        using var start = new Barrier(8);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Task.Run(() =>
        {
            start.SignalAndWait();
            return Task.WhenAll(Enumerable.Range(0, producers / 8).Select(i => batcher.EnqueueAsync(p % 4, Payload(p, i))));
        })));

        // Every task completed: every row must be committed and visible to another connection.
        Assert.Equal(producers, await db.ScalarAsync($"SELECT count(*) FROM notify_stream_queue WHERE provider_id = '{table.ProviderId}'"));
        Assert.True(batcher.Statements <= producers / 5, $"{batcher.Statements} INSERTs for {producers} rows: not coalesced");
    }

    [Fact]
    public async Task ClaimAsync_ConcurrentStreams_KeepsEachStreamInPublishOrder()
    {
        var table = NewTable();
        await using var batcher = new InsertBatcher(table, 64, 2, notify: false, NullLogger.Instance);
        const int perStream = 200;

        // Four streams on one queue, each publishing in order (awaiting each accept), all at once.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(stream => Task.Run(async () =>
        {
            for (var seq = 0; seq < perStream; seq++)
            {
                await batcher.EnqueueAsync(0, Payload(stream, seq));
            }
        })));

        var received = new List<(int Producer, int Seq)>();
        IReadOnlyList<ClaimedRow> batch;
        while ((batch = await table.ClaimAsync(0, 50, Long, 5, default)).Count > 0)
        {
            received.AddRange(batch.Select(r => Read(r.Payload)));
        }

        Assert.Equal(4 * perStream, received.Count);
        foreach (var stream in received.GroupBy(r => r.Producer))
        {
            Assert.Equal(Enumerable.Range(0, perStream), stream.Select(r => r.Seq));
        }
    }

    [Fact]
    public async Task Listener_InsertBatchWithNotify_SignalsItsQueue()
    {
        var table = NewTable();
        await using var listener = new QueueNotificationListener(table, db.DataSource, 8, TimeProvider.System, NullLogger.Instance);
        await Poll.UntilAsync(() => listener.IsListening, TimeSpan.FromSeconds(10), "LISTEN");
        for (var q = 0; q < 8; q++)
        {
            listener.TakeSignal(q); // clears the signal raised on connect
        }

        await table.EnqueueAsync([new QueueRow(5, Payload(0, 0)), new QueueRow(5, Payload(0, 1))], notify: true, default);

        await Poll.UntilAsync(() => listener.TakeSignal(5), TimeSpan.FromSeconds(10), "the NOTIFY for queue 5");
        Assert.False(listener.TakeSignal(4));
        Assert.False(listener.TakeSignal(5)); // taken once
    }

    [Fact]
    public async Task ClaimAsync_QueueLeasedByAnother_ClaimsNothingUntilReleased()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(0, 4), notify: false, default);
        var a = new QueueLease("a", Long);
        var b = new QueueLease("b", Long);

        Assert.Single(await table.ClaimAsync(0, 1, Long, 5, default, a));
        Assert.Empty(await table.ClaimAsync(0, 10, Long, 5, default, b));
        Assert.Single(await table.ClaimAsync(0, 1, Long, 5, default, a)); // the holder renews and goes on

        Assert.Equal(1, await table.ReleaseLeaseAsync(0, "a", default));
        Assert.Equal(2, (await table.ClaimAsync(0, 10, Long, 5, default, b)).Count);
        Assert.False(await table.RenewLeaseAsync(0, a, default));
        Assert.True(await table.RenewLeaseAsync(0, b, default));
    }

    [Fact]
    public async Task ClaimAsync_LeaseHolderSilent_LeaseExpiresAndMoves()
    {
        var table = NewTable();
        await table.EnqueueAsync(Rows(0, 3), notify: false, default);
        Assert.Single(await table.ClaimAsync(0, 1, Long, 5, default, new QueueLease("dead", TimeSpan.FromSeconds(1))));

        var successor = new QueueLease("next", Long);
        IReadOnlyList<ClaimedRow> taken = [];
        await Poll.UntilAsync(async () => (taken = await table.ClaimAsync(0, 10, Long, 5, default, successor)).Count > 0,
            TimeSpan.FromSeconds(10), "the expired lease to move");
        Assert.Equal(2, taken.Count);
    }
}
