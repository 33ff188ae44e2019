using System.Diagnostics;
using System.Globalization;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Benchmarks.Tracking;

/// <summary>
/// CPU used by this process and by the PostgreSQL backends serving the benchmark's database (from
/// /proc/&lt;pid&gt;/stat, Linux), so a run shows which side binds per event. Far less sensitive to other
/// load on the machine than throughput. Backends that exit during a run are not counted (pools keep them).
/// </summary>
internal sealed class CpuMeter
{
    private readonly PostgreSqlDatabase _database;
    private readonly TimeSpan _self;
    private readonly Dictionary<int, TimeSpan> _backends;

    private CpuMeter(PostgreSqlDatabase database, TimeSpan self, Dictionary<int, TimeSpan> backends) =>
        (_database, _self, _backends) = (database, self, backends);

    public static async Task<CpuMeter> StartAsync(PostgreSqlDatabase database) =>
        new(database, Process.GetCurrentProcess().TotalProcessorTime, await BackendsAsync(database));

    /// <summary>(process, PostgreSQL) CPU since the start.</summary>
    public async Task<(TimeSpan Self, TimeSpan Postgres)> StopAsync()
    {
        var self = Process.GetCurrentProcess().TotalProcessorTime - _self;
        var now = await BackendsAsync(_database);
        var postgres = now.Aggregate(TimeSpan.Zero, (sum, b) => sum + b.Value - _backends.GetValueOrDefault(b.Key));
        return (self, postgres);
    }

    private static async Task<Dictionary<int, TimeSpan>> BackendsAsync(PostgreSqlDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
        var pids = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        var result = new Dictionary<int, TimeSpan>();
        foreach (var pid in pids)
        {
            try
            {
                // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 Hz).
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                result[pid] = TimeSpan.FromMilliseconds(ticks * 10);
            }
            catch (IOException)
            {
                // the backend exited between the query and the read
            }
        }

        return result;
    }
}
