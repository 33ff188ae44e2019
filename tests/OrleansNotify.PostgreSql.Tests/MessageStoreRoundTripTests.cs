using System.Diagnostics;
using OrleansNotify.Messages;
using OrleansNotify.Portals;
using OrleansNotify.PostgreSql.Storage;
using OrleansNotify.Storage;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.PostgreSql.Tests;

/// <summary>
/// The batched statements stay batched: 100 rows or changes per call cost a round trip or two, never one
/// per row. Counted from Npgsql's own command activities (this class's database only), not timed: speed
/// is the benchmarks' business, and a timed floor failed here whenever the machine was busy.
/// </summary>
public sealed class MessageStoreRoundTripTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private const int Batches = 10;
    private const int BatchSize = 100;

    [Fact]
    public async Task AddAndUpdate_100RowBatches_OneOrTwoRoundTripsPerCall()
    {
        var store = new PostgreSqlMessageStore(database.DataSource);
        var portal = "batch-" + Guid.NewGuid().ToString("N")[..8];
        var owner = await store.AcquireAsync(portal, CancellationToken.None);
        var at = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var batches = Enumerable.Range(0, Batches).Select(b => Enumerable.Range(0, BatchSize).Select(i => new StoredMessage
        {
            MessageId = $"{b:D3}-{i:D3}",
            Importance = DeliveryImportance.Normal,
            AcceptedAt = at,
            Body = new byte[600],
        }).ToArray()).ToArray();

        long adds;
        using (var commands = new CommandCounter(database.Name))
        {
            foreach (var batch in batches)
            {
                Assert.Equal(BatchSize, (await store.AddAsync(portal, owner, batch, CancellationToken.None)).Count);
            }

            adds = commands.Count;
        }

        long updates;
        using (var commands = new CommandCounter(database.Name))
        {
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

            updates = commands.Count;
        }

        Assert.Empty(await store.LoadPendingAsync(portal, CancellationToken.None)); // the changes really landed
        Assert.InRange(adds, Batches, 2 * Batches);
        Assert.InRange(updates, Batches, 2 * Batches);
    }

    /// <summary>Counts Npgsql's command activities (one per command or batch sent) against one database.</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private long _count;

        public CommandCounter(string databaseName)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.TagObjects.Any(tag => databaseName.Equals(tag.Value as string, StringComparison.Ordinal)))
                    {
                        Interlocked.Increment(ref _count);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
