using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.PostgreSql;
using OrleansNotify.PostgreSql.Storage;
using OrleansNotify.Storage;
using OrleansNotify.Testing.PostgreSql;
using OrleansNotify.Testing.Storage;

namespace OrleansNotify.PostgreSql.Tests;

/// <summary>The cluster-mode store against the shared contract, on a fresh migrated database.</summary>
public sealed class PostgreSqlMessageStoreTests(PostgreSqlDatabase database)
    : MessageStoreContractTests(new PostgreSqlMessageStore(database.DataSource)), IClassFixture<PostgreSqlDatabase>
{
    [Fact]
    public async Task AddPostgreSqlMessageStore_Resolved_StoresInTheConfiguredDatabase()
    {
        await using var services = new ServiceCollection().AddPostgreSqlMessageStore(database.ConnectionString).BuildServiceProvider();
        var store = services.GetRequiredService<IMessageStore>();
        Assert.IsType<PostgreSqlMessageStore>(store);

        var owner = await store.AcquireAsync(Portal, None);
        await store.AddAsync(Portal, owner, [Message("via-di")], None);

        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM notify_messages WHERE portal_id = '{Portal}'"));
    }

    [Fact]
    public async Task AddAsync_CallsArriveWhileAWriteWaits_GoOutAsOneStatement()
    {
        var store = new PostgreSqlMessageStore(database.DataSource, "coalesce", writers: 1);
        // An uncommitted row with the first call's key makes that INSERT wait on its lock.
        await using var blocker = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var hold = new Npgsql.NpgsqlCommand("""
            INSERT INTO notify_messages (service_id, portal_id, message_id, importance, accepted_at, body, recipients, status, attempts)
            VALUES ('coalesce', 'held', 'm0', 1, now(), '', 1, 'queued', 0)
            """, blocker, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var first = store.AddAsync("held", 1, [Message("m0")], None);
        await WaitForLockWaitAsync();
        var later = Enumerable.Range(0, 20).Select(i => store.AddAsync($"later-{i}", 1, [Message($"m{i}"), Message("x")], None)).ToArray();
        Assert.Equal(1, store.AddStatements); // the others wait for the writer slot
        await transaction.RollbackAsync();

        Assert.Equal(["m0"], await first);
        var results = await Task.WhenAll(later);
        Assert.Equal(2, store.AddStatements); // twenty calls of twenty portals, one INSERT and one commit
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal([$"m{i}", "x"], results[i]);
        }

        Assert.Equal(41, await database.ScalarAsync("SELECT count(*) FROM notify_messages WHERE service_id = 'coalesce'"));
    }

    [Fact]
    public async Task UpdateAsync_PortalsArriveWhileAWriteWaits_OneBatchAndEachOwnerChecked()
    {
        var store = new PostgreSqlMessageStore(database.DataSource, "coalesce-update", writers: 1);
        var portals = Enumerable.Range(0, 10).Select(i => $"u{i}").ToArray();
        var owners = new long[portals.Length];
        for (var i = 0; i < portals.Length; i++)
        {
            owners[i] = await store.AcquireAsync(portals[i], None);
            await store.AddAsync(portals[i], owners[i], [Message("a")], None);
        }

        await store.AcquireAsync(portals[3], None); // u3's first owner is now stale
        var statements = store.UpdateStatements;
        // Holding u0's owner row makes the first UPDATE wait on its lock.
        await using var blocker = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var hold = new Npgsql.NpgsqlCommand(
            "SELECT 1 FROM notify_portal_owners WHERE service_id = 'coalesce-update' AND portal_id = 'u0' FOR UPDATE", blocker, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var first = store.UpdateAsync(portals[0], owners[0], [Change("a", Messages.MessageStatus.Sending, 1)], None);
        await WaitForLockWaitAsync();
        var later = portals.Skip(1).Select((p, i) => store.UpdateAsync(p, owners[i + 1], [Change("a", Messages.MessageStatus.Sent, 1)], None)).ToArray();
        await transaction.RollbackAsync();

        await first;
        await Assert.ThrowsAsync<StaleOwnerException>(() => later[2]); // u3
        await Task.WhenAll(later.Where((_, i) => i != 2));
        Assert.Equal(statements + 2, store.UpdateStatements); // nine portals' writes, one batch and one commit
        Assert.Equal(8, await database.ScalarAsync("SELECT count(*) FROM notify_messages WHERE service_id = 'coalesce-update' AND status = 'sent'"));
        Assert.Equal(Messages.MessageStatus.Queued, (await store.GetAsync("u3", "a", None))?.Status);
    }

    private async Task WaitForLockWaitAsync()
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (await database.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(30), "the first INSERT never waited on the held row");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task DeletePortalAsync_StatusWriteInFlight_LeavesNoOrphanEvents()
    {
        var store = new PostgreSqlMessageStore(database.DataSource, "delete-race");
        var owner = await store.AcquireAsync("p", None);
        await store.AddAsync("p", owner, [Message("a")], None);
        // A status write in flight: it holds the owner row and has inserted an event, not yet committed.
        await using var writer = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var write = new Npgsql.NpgsqlCommand("""
            SELECT 1 FROM notify_portal_owners WHERE service_id = 'delete-race' AND portal_id = 'p' FOR NO KEY UPDATE;
            INSERT INTO notify_message_events (service_id, portal_id, message_id, at, event) VALUES ('delete-race', 'p', 'a', now(), 'sent');
            """, writer, transaction))
        {
            await write.ExecuteNonQueryAsync();
        }

        var delete = store.DeletePortalAsync("p", None);
        await WaitForLockWaitAsync();
        await transaction.CommitAsync();
        await delete;

        // No foreign key cascades since 0060: the delete must have waited for the write and removed its event.
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM notify_message_events WHERE service_id = 'delete-race'"));
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM notify_messages WHERE service_id = 'delete-race'"));
    }

    [Fact]
    public async Task UpdateAsync_StaleOwner_LeavesNoEventRows()
    {
        var old = await Store.AcquireAsync(Portal, None);
        await Store.AddAsync(Portal, old, [Message("a")], None);
        await Store.AcquireAsync(Portal, None);

        await Assert.ThrowsAsync<StaleOwnerException>(() => Store.UpdateAsync(Portal, old, [Change("a", Messages.MessageStatus.Sent, 1)], None));

        Assert.Equal(0, await database.ScalarAsync($"SELECT count(*) FROM notify_message_events WHERE portal_id = '{Portal}'"));
        Assert.Equal(1, await database.ScalarAsync(
            $"SELECT count(*) FROM notify_messages WHERE portal_id = '{Portal}' AND status = 'queued'"));
    }

    [Fact]
    public async Task LoadPendingAsync_UsesThePendingIndex()
    {
        // With sequential scans off, the planner shows whether the partial index matches the query's predicate.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new Npgsql.NpgsqlCommand("""
            EXPLAIN SELECT message_id FROM notify_messages
            WHERE service_id = '' AND portal_id = 'p' AND status IN ('queued', 'scheduled', 'sending') ORDER BY accepted_at, message_id
            """, connection);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        Assert.Contains(plan, line => line.Contains("ix_notify_messages_pending", StringComparison.Ordinal));
    }
}
