using System.Data;
using Npgsql;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.PostgreSql.Tests;

/// <summary>
/// The OrleansQuery rows a short silo run does not reach (heartbeats, dead-silo cleanup, stale
/// compare-and-swap, DeleteStateOnClear, reminder ranges), run as the providers run them: the text
/// from the table, parameters by name with the DbType Orleans' DbExtensions gives each CLR type.
/// </summary>
public sealed class OrleansQueryContractTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private static readonly DateTime Start = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private readonly string _deployment = "q-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task MembershipQueries_CompareAndSwapOnVersion_ChangeOnlyWithTheCurrentVersion()
    {
        Assert.Equal(1, await IntAsync("InsertMembershipVersionKey", P("DeploymentId", _deployment)));
        Assert.Equal(0, await IntAsync("InsertMembershipVersionKey", P("DeploymentId", _deployment)));

        Assert.Equal(1, await IntAsync("InsertMembershipKey", Silo(1, status: 3, version: 0)));
        Assert.Equal(0, await IntAsync("InsertMembershipKey", Silo(2, status: 3, version: 0))); // stale version
        Assert.Equal(0, await IntAsync("InsertMembershipKey", Silo(1, status: 3, version: 1))); // row exists
        Assert.Equal(1, await ScalarAsync($"SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = '{_deployment}'"));

        // Heartbeats move forward only and leave the version alone.
        await ExecuteAsync("UpdateIAmAlivetimeKey", [.. Key(1), P("IAmAliveTime", Start.AddMinutes(5))]);
        await ExecuteAsync("UpdateIAmAlivetimeKey", [.. Key(1), P("IAmAliveTime", Start.AddMinutes(1))]);
        Assert.Equal(300, await ScalarAsync($"SELECT extract(epoch FROM IAmAliveTime - '{Start:O}'::timestamptz)::int FROM OrleansMembershipTable WHERE DeploymentId = '{_deployment}'"));

        Assert.Equal(1, await ReadRowsAsync("GatewaysQueryKey", P("DeploymentId", _deployment), P("Status", 3)));
        Assert.Equal(0, await IntAsync("UpdateMembershipKey", Update(1, status: 6, version: 0)));
        Assert.Equal(1, await IntAsync("UpdateMembershipKey", Update(1, status: 6, version: 1)));
        Assert.Equal(0, await IntAsync("UpdateMembershipKey", Update(2, status: 6, version: 2))); // no such silo
        Assert.Equal(0, await ReadRowsAsync("GatewaysQueryKey", P("DeploymentId", _deployment), P("Status", 3)));
        Assert.Equal(1, await ReadRowsAsync("MembershipReadRowKey", [.. Key(1)]));
        Assert.Equal(1, await ReadRowsAsync("MembershipReadAllKey", P("DeploymentId", _deployment)));
    }

    [Fact]
    public async Task CleanupQueries_RemoveOnlyDeadRowsThatMatch()
    {
        await IntAsync("InsertMembershipVersionKey", P("DeploymentId", _deployment));
        await IntAsync("InsertMembershipKey", Silo(1, status: 3, version: 0));
        await IntAsync("InsertMembershipKey", Silo(2, status: 3, version: 1));
        await IntAsync("UpdateMembershipKey", Update(1, status: 6, version: 2));
        await IntAsync("UpdateMembershipKey", Update(2, status: 6, version: 3));

        // A captured value that no longer matches (IAmAliveTime) deletes nothing.
        Parameter[] captured = [.. Key(1), P("StartTime", Start), P("IAmAliveTime", Start), P("SuspectTimes", (string?)null)];
        await ExecuteAsync("CleanupDefunctSiloEntryKey", [.. captured[..^2], P("IAmAliveTime", Start.AddSeconds(1)), P("SuspectTimes", (string?)null)]);
        Assert.Equal(2, await CountRowsAsync());
        await ExecuteAsync("CleanupDefunctSiloEntryKey", captured);
        Assert.Equal(1, await CountRowsAsync());

        await ExecuteAsync("CleanupDefunctSiloEntriesKey", P("DeploymentId", _deployment), P("IAmAliveTime", Start.AddDays(1)));
        Assert.Equal(0, await CountRowsAsync());
        await ExecuteAsync("DeleteMembershipTableEntriesKey", P("DeploymentId", _deployment));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = '{_deployment}'"));
    }

    [Fact]
    public async Task StorageQueries_EtagMismatchAndDelete_BehaveAsOrleansExpects()
    {
        Parameter[] grain =
        [
            P("GrainIdHash", 7), P("GrainIdN0", 1L), P("GrainIdN1", 2L), P("GrainTypeHash", 9),
            P("GrainTypeString", "probe"), P("GrainIdExtensionString", (string?)null), P("ServiceId", _deployment),
        ];
        byte[] payload = [1, 2, 3];

        Assert.Equal(1, await IntAsync("WriteToStorageKey", [.. grain, P("GrainStateVersion", (int?)null), P("PayloadBinary", payload)]));
        Assert.Null(await NullableIntAsync("WriteToStorageKey", [.. grain, P("GrainStateVersion", (int?)null), P("PayloadBinary", payload)]));
        Assert.Equal(5, await IntAsync("WriteToStorageKey", [.. grain, P("GrainStateVersion", (int?)5), P("PayloadBinary", payload)]));
        Assert.Equal(2, await IntAsync("WriteToStorageKey", [.. grain, P("GrainStateVersion", (int?)1), P("PayloadBinary", payload)]));

        Assert.Null(await NullableIntAsync("DeleteStorageKey", [.. grain, P("GrainStateVersion", (int?)1)]));
        Assert.Equal(3, await IntAsync("DeleteStorageKey", [.. grain, P("GrainStateVersion", (int?)2)]));
        Assert.Equal(0, await ReadRowsAsync("ReadFromStorageKey", grain));
    }

    [Fact]
    public async Task ReminderQueries_RangesWrapAndServiceDeleteClearsAll()
    {
        foreach (var (name, hash) in new[] { ("low", int.MinValue + 10), ("mid", 0), ("high", int.MaxValue - 10) })
        {
            Assert.Equal(0, await IntAsync("UpsertReminderRowKey",
                P("ServiceId", _deployment), P("GrainId", "g-" + name), P("ReminderName", name), P("StartTime", Start),
                P("Period", 60_000L), P("GrainHash", hash)));
        }

        Assert.Equal(1, await IntAsync("UpsertReminderRowKey",
            P("ServiceId", _deployment), P("GrainId", "g-mid"), P("ReminderName", "mid"), P("StartTime", Start),
            P("Period", 120_000L), P("GrainHash", 0)));
        Assert.Equal(1, await ReadRowsAsync("ReadRangeRows1Key", P("ServiceId", _deployment), P("BeginHash", -5), P("EndHash", 5)));
        Assert.Equal(2, await ReadRowsAsync("ReadRangeRows2Key", P("ServiceId", _deployment), P("BeginHash", 5), P("EndHash", -5)));
        Assert.Equal(0, await IntAsync("DeleteReminderRowKey", P("ServiceId", _deployment), P("GrainId", "g-mid"), P("ReminderName", "mid"), P("Version", 0)));

        await ExecuteAsync("DeleteReminderRowsKey", P("ServiceId", _deployment));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = '{_deployment}'"));
    }

    private Parameter[] Key(int silo) =>
        [P("DeploymentId", _deployment), P("Address", "127.0.0.1", DbType.AnsiString), P("Port", 11110 + silo), P("Generation", 1000 + silo)];

    private Parameter[] Silo(int silo, int status, int version) =>
    [
        .. Key(silo), P("SiloName", $"silo{silo}"), P("HostName", "localhost"), P("Status", status), P("ProxyPort", 30000 + silo),
        P("StartTime", Start), P("IAmAliveTime", Start), P("Version", version),
    ];

    private Parameter[] Update(int silo, int status, int version) =>
        [.. Key(silo), P("Status", status), P("SuspectTimes", (string?)null), P("IAmAliveTime", Start), P("Version", version)];

    private static Parameter P<T>(string name, T value, DbType? type = null) => new(name, value, type ?? DbTypeOf(typeof(T)));

    // As Orleans' DbExtensions maps CLR types.
    private static DbType DbTypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => DbType.Int32,
        var t when t == typeof(long) => DbType.Int64,
        var t when t == typeof(string) => DbType.String,
        var t when t == typeof(DateTime) => DbType.DateTime,
        var t when t == typeof(byte[]) => DbType.Binary,
        var t => throw new ArgumentOutOfRangeException(nameof(type), t, "Not a type the providers pass."),
    };

    private Task<long> CountRowsAsync() => ScalarAsync($"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{_deployment}'");

    private Task<long> ScalarAsync(string sql) => database.ScalarAsync(sql);

    private async Task<int> IntAsync(string key, params Parameter[] parameters) =>
        await NullableIntAsync(key, parameters) ?? throw new InvalidOperationException($"{key} returned NULL.");

    private async Task<int?> NullableIntAsync(string key, params Parameter[] parameters)
    {
        await using var command = await CommandAsync(key, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> ReadRowsAsync(string key, params Parameter[] parameters)
    {
        await using var command = await CommandAsync(key, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    private async Task ExecuteAsync(string key, params Parameter[] parameters)
    {
        await using var command = await CommandAsync(key, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlCommand> CommandAsync(string key, Parameter[] parameters)
    {
        await using var lookup = database.DataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1");
        lookup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        var text = (string?)await lookup.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No query {key}.");
        var command = database.DataSource.CreateCommand(text);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(p.Name, p.Value ?? DBNull.Value) { DbType = p.Type });
        }

        return command;
    }

    private sealed record Parameter(string Name, object? Value, DbType Type);
}
