using OrleansNotify.PostgreSql.Migrations;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.PostgreSql.Tests;

public sealed class PostgreSqlMigratorTests
{
    // Every key the Orleans 10.4 ADO.NET clustering, persistence and reminder providers look up.
    private static readonly string[] OrleansQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public void All_EmbeddedScripts_ComeInVersionOrderWithNames()
    {
        // Versions may leave gaps (ranges reserved per area); they must only be unique and ordered.
        var versions = PostgreSqlMigration.All.Select(m => m.Version).ToArray();
        Assert.Equal(versions.Order().Distinct(), versions);
        Assert.Equal([1, 2, 3, 4, 5, 6, 60], versions.Where(v => v < 100));
        Assert.All(PostgreSqlMigration.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Name)));
        Assert.Contains(PostgreSqlMigration.All, m => m.Name == "notify_messages");
    }

    [Fact]
    public async Task MigrateAsync_FreshDatabase_AppliesEveryScriptAndTheProviderQueries()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync(migrate: false);

        var applied = await PostgreSqlMigrator.MigrateAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(PostgreSqlMigration.All.Select(m => m.Version), applied);
        Assert.Equal(PostgreSqlMigration.All.Count, await database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        var keys = string.Join(",", OrleansQueryKeys.Select(k => $"'{k}'"));
        Assert.Equal(OrleansQueryKeys.Length, await database.ScalarAsync($"SELECT count(*) FROM OrleansQuery WHERE QueryKey IN ({keys})"));
        foreach (var table in new[] { "orleansmembershiptable", "orleansstorage", "orleansreminderstable", "notify_messages", "notify_message_events", "notify_portal_owners" })
        {
            Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM pg_tables WHERE tablename = '{table}'"));
        }

        // 0060: timelines carry no foreign key (the store deletes them with their portal's messages).
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM pg_constraint WHERE conrelid = 'notify_message_events'::regclass AND contype = 'f'"));
    }

    [Fact]
    public async Task MigrateAsync_RunAgain_AppliesNothingAndChangesNothing()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync(migrate: false);
        await PostgreSqlMigrator.MigrateAsync(database.DataSource, CancellationToken.None);
        var before = await database.ScalarAsync("SELECT count(*) FROM schema_migrations");

        var again = await PostgreSqlMigrator.MigrateAsync(database.DataSource, CancellationToken.None);

        Assert.Empty(again);
        Assert.Equal(before, await database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Scripts_RunTwiceByHand_AreIdempotent()
    {
        // An operator may replay a script (or a migrator may die after the script, before its row).
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var queries = await database.ScalarAsync("SELECT count(*) FROM OrleansQuery");

        foreach (var migration in PostgreSqlMigration.All)
        {
            await using var replay = database.DataSource.CreateCommand(migration.Sql);
            await replay.ExecuteNonQueryAsync();
        }

        Assert.Equal(queries, await database.ScalarAsync("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task MigrateAsync_TwoMigratorsAtOnce_ApplyEachScriptOnce()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync(migrate: false);
        using var start = new Barrier(2);

        Task<IReadOnlyList<int>> Migrate() => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return PostgreSqlMigrator.MigrateAsync(database.DataSource, CancellationToken.None);
        });

        var results = await Task.WhenAll(Migrate(), Migrate());

        Assert.Equal(PostgreSqlMigration.All.Select(m => m.Version), results[0].Concat(results[1]).Order());
        Assert.Equal(PostgreSqlMigration.All.Count, await database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task ServiceScripts_OnExistingRows_KeepThemAsServiceEmpty()
    {
        // A database from before 006/0201: its rows must stay readable by a store with the default service.
        await using var database = await PostgreSqlDatabase.CreateAsync(migrate: false);
        foreach (var migration in PostgreSqlMigration.All.Where(m => m.Version is not 6 and < 201))
        {
            await using var script = database.DataSource.CreateCommand(migration.Sql);
            await script.ExecuteNonQueryAsync();
        }

        await using (var old = database.DataSource.CreateCommand("""
            INSERT INTO notify_portal_owners (portal_id, owner_version) VALUES ('p', 4);
            INSERT INTO notify_messages (portal_id, message_id, importance, accepted_at, body, status)
                VALUES ('p', 'old', 1, now(), '\x7b7d', 'queued');
            INSERT INTO notify_suppressions (portal_id, email, reason, created_at) VALUES ('p', 'a@example.com', 'bounce', now());
            """))
        {
            await old.ExecuteNonQueryAsync();
        }

        foreach (var migration in PostgreSqlMigration.All.Where(m => m.Version is 6 or >= 201)) // later scripts build on 0201's service_id
        {
            await using var script = database.DataSource.CreateCommand(migration.Sql);
            await script.ExecuteNonQueryAsync();
        }

        var store = new Storage.PostgreSqlMessageStore(database.DataSource);
        Assert.Equal("old", Assert.Single(await store.LoadPendingAsync("p", CancellationToken.None)).MessageId);
        Assert.Equal(5, await store.AcquireAsync("p", CancellationToken.None));
        Assert.Single(await new Tracking.PostgreSqlTrackingStore(database.DataSource).GetSuppressionsAsync("p", CancellationToken.None));
        Assert.Empty(await new Storage.PostgreSqlMessageStore(database.DataSource, "other").LoadPendingAsync("p", CancellationToken.None));
    }
}
