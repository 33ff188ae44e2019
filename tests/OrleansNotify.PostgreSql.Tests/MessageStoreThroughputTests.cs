using System.Diagnostics;
using OrleansNotify.Messages;
using OrleansNotify.Portals;
using OrleansNotify.PostgreSql.Storage;
using OrleansNotify.Storage;
using OrleansNotify.Testing.PostgreSql;
using Xunit.Abstractions;

namespace OrleansNotify.PostgreSql.Tests;

/// <summary>
/// A quick Stopwatch figure for the batched statements (printed with the test output), with a floor far
/// below what this 2-core machine reaches, so only a lost batching (a round trip per row) fails it.
/// </summary>
public sealed class MessageStoreThroughputTests(PostgreSqlDatabase database, ITestOutputHelper output) : IClassFixture<PostgreSqlDatabase>
{
    private const int Batches = 40;
    private const int BatchSize = 100;

    [Fact]
    public async Task AddAndUpdate_100RowBatches_KeepBatchThroughput()
    {
        var store = new PostgreSqlMessageStore(database.DataSource);
        var portal = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var owner = await store.AcquireAsync(portal, CancellationToken.None);
        var at = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var body = new byte[600];
        var batches = Enumerable.Range(0, Batches).Select(b => Enumerable.Range(0, BatchSize).Select(i => new StoredMessage
        {
            MessageId = $"{b:D3}-{i:D3}",
            Importance = DeliveryImportance.Normal,
            AcceptedAt = at,
            Body = body,
        }).ToArray()).ToArray();
        await store.AddAsync(portal + "-warmup", owner, batches[0], CancellationToken.None);

        var add = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            Assert.Equal(BatchSize, (await store.AddAsync(portal, owner, batch, CancellationToken.None)).Count);
        }

        add.Stop();
        var update = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            var changes = batch.Select(m => new MessageChange
            {
                MessageId = m.MessageId,
                Status = MessageStatus.Sent,
                Attempts = 1,
                ProviderMessageId = "sg-" + m.MessageId,
                Event = new TimelineEntry(at.AddSeconds(1), "sent"),
            }).ToArray();
            await store.UpdateAsync(portal, owner, changes, CancellationToken.None);
        }

        update.Stop();
        var rows = Batches * BatchSize;
        var addRate = rows / add.Elapsed.TotalSeconds;
        var updateRate = rows / update.Elapsed.TotalSeconds;
        output.WriteLine($"AddAsync {BatchSize}-row batches: {addRate:F0} rows/s ({add.Elapsed.TotalMilliseconds / Batches:F2} ms per call)");
        output.WriteLine($"UpdateAsync {BatchSize} changes per call: {updateRate:F0} changes/s ({update.Elapsed.TotalMilliseconds / Batches:F2} ms per call)");

        Assert.Empty(await store.LoadPendingAsync(portal, CancellationToken.None));
        Assert.True(addRate > 1_000, $"AddAsync reached only {addRate:F0} rows/s");
        Assert.True(updateRate > 1_000, $"UpdateAsync reached only {updateRate:F0} changes/s");
    }
}
