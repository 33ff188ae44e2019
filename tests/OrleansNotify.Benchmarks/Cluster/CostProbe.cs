using System.Globalization;
using Npgsql;

namespace OrleansNotify.Benchmarks.Cluster;

/// <summary>
/// Where a phase's cost goes, read before and after it: CPU seconds of the silo processes and of the
/// private PostgreSQL (postmaster, its live backends and the children it has reaped), and PostgreSQL's
/// committed transactions. CPU per request is far steadier than throughput on a shared machine.
/// </summary>
internal sealed class CostProbe(IReadOnlyList<int> siloPids, int postgresPort, string connectionString)
{
    public async Task<CostSample> SampleAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // pg_stat_database is fed when backends report (at most once a second while busy): force ours.
        await using var command = new NpgsqlCommand(
            "SELECT pg_stat_force_next_flush(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        var commits = reader.GetInt64(0);
        return new CostSample(siloPids.Sum(pid => CpuSeconds(pid, children: false)), PostgresCpuSeconds(), commits);
    }

    private double PostgresCpuSeconds()
    {
        var needle = string.Create(CultureInfo.InvariantCulture, $"-p {postgresPort} ");
        var postmaster = Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d))
            .Where(n => n.All(char.IsAsciiDigit)).Select(int.Parse)
            .FirstOrDefault(pid => ReadOrEmpty($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(needle, StringComparison.Ordinal)
                && ReadOrEmpty($"/proc/{pid}/cmdline").StartsWith('/'));
        if (postmaster == 0)
        {
            return double.NaN;
        }

        var total = CpuSeconds(postmaster, children: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Fields(pid) is { Length: > 13 } f && f[1] == postmaster.ToString(CultureInfo.InvariantCulture))
            {
                total += CpuSeconds(pid, children: false);
            }
        }

        return total;
    }

    /// <summary>utime + stime (and cutime + cstime of reaped children) in seconds; 0 once the process is gone.</summary>
    private static double CpuSeconds(int pid, bool children)
    {
        if (Fields(pid) is not { Length: > 14 } f)
        {
            return 0;
        }

        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        if (children)
        {
            ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
        }

        return ticks / 100.0; // USER_HZ
    }

    /// <summary>/proc/pid/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Fields(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var end = stat.LastIndexOf(')');
        return end < 0 ? null : stat[(end + 2)..].Split(' ');
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}

/// <summary>Cumulative counters at one instant; subtract two to get a phase's cost.</summary>
internal readonly record struct CostSample(double SiloCpu, double PostgresCpu, long Commits)
{
    public static CostSample operator -(CostSample a, CostSample b) => new(a.SiloCpu - b.SiloCpu, a.PostgresCpu - b.PostgresCpu, a.Commits - b.Commits);
}
