using System.Globalization;
using Npgsql;
using OrleansNotify.PostgreSql;

namespace OrleansNotify.Testing.PostgreSql;

/// <summary>
/// A fresh database on <see cref="PostgreSqlTestServer"/>, migrated with the real migrations, dropped on
/// dispose. As an xunit class fixture (IClassFixture&lt;PostgreSqlDatabase&gt;) each test class gets its own.
/// </summary>
public class PostgreSqlDatabase : IAsyncLifetime, IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    public string Name { get; } = "notify_test_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    /// <summary>A new database; <paramref name="migrate"/> false leaves it empty (migrator tests).</summary>
    public static async Task<PostgreSqlDatabase> CreateAsync(bool migrate = true)
    {
        var database = new PostgreSqlDatabase();
        await database.CreateCoreAsync(migrate);
        return database;
    }

    public Task InitializeAsync() => CreateCoreAsync(migrate: true);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_dataSource is null)
        {
            return;
        }

        await _dataSource.DisposeAsync();
        _dataSource = null;
        // FORCE: a silo or a pool elsewhere in the test may still hold connections.
        await using var admin = NpgsqlDataSource.Create(PostgreSqlTestServer.AdminConnectionString);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    private async Task CreateCoreAsync(bool migrate)
    {
        await using (var admin = NpgsqlDataSource.Create(PostgreSqlTestServer.AdminConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {Name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = PostgreSqlTestServer.ForDatabase(Name);
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        if (migrate)
        {
            await PostgreSqlMigrator.MigrateAsync(_dataSource, CancellationToken.None);
        }
    }
}
