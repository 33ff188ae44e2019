using Npgsql;
using OrleansNotify.PostgreSql;

namespace OrleansNotify.Streaming.PostgreSql.Tests;

/// <summary>
/// A fresh database per test class on the server from NOTIFY_TEST_POSTGRES (tests/setup/10-postgres.sh),
/// migrated with the real migrator, dropped afterwards. No server means the tests fail, never skip.
/// Private stand-in until a shared fixture exists in OrleansNotify.Testing/PostgreSql.
/// </summary>
public sealed class StreamsDatabase : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public string Name { get; } = "streams_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("NOTIFY_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "NOTIFY_TEST_POSTGRES is not set: run the tests through tests/run.sh, which starts PostgreSQL.");
        }

        await using (var admin = NpgsqlDataSource.Create(server))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {Name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name, MaxPoolSize = 40 }.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await PostgreSqlMigrator.MigrateAsync(_dataSource, CancellationToken.None);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("NOTIFY_TEST_POSTGRES")!);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
