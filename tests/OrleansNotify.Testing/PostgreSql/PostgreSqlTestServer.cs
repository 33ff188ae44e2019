using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;

namespace OrleansNotify.Testing.PostgreSql;

/// <summary>
/// The PostgreSQL server the tests use: NOTIFY_TEST_POSTGRES when tests/run.sh started one; otherwise
/// this process starts its own with the same script (tests/setup/10-postgres.sh) and stops it on exit,
/// so `dotnet test` on one project works. When neither is possible the tests fail, never skip.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string Variable = "NOTIFY_TEST_POSTGRES";

    private static readonly Lazy<string> Server = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Connection string of the server, as configured (no database named: the user's own).</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>The maintenance database, for CREATE / DROP DATABASE.</summary>
    public static string AdminConnectionString => ForDatabase("postgres");

    /// <summary>The same server, another database.</summary>
    public static string ForDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(configured) ? StartOwn() : configured;
    }

    private static string StartOwn()
    {
        var script = FindSetupScript()
            ?? throw new InvalidOperationException(
                $"{Variable} is not set and tests/setup/10-postgres.sh was not found: run the tests with tests/run.sh.");
        var root = Directory.CreateTempSubdirectory("orleansnotify-pg-").FullName;

        // Source the setup script as run.sh does, then print what it exported and what it would stop.
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c",
                """
                set -euo pipefail; export NOTIFY_TEST_ROOT="$1"; cleanups=()
                source "$2" >&2
                printf 'CONNECTION=%s\n' "$NOTIFY_TEST_POSTGRES"
                for c in "${cleanups[@]}"; do printf 'CLEANUP=%s\n' "$c"; done
                """,
                "setup", root, script,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        var connection = lines.FirstOrDefault(l => l.StartsWith("CONNECTION=", StringComparison.Ordinal))?["CONNECTION=".Length..];
        if (process.ExitCode != 0 || string.IsNullOrEmpty(connection))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set and starting PostgreSQL with {script} failed (exit {process.ExitCode}): {stderr.Result}");
        }

        var cleanups = lines.Where(l => l.StartsWith("CLEANUP=", StringComparison.Ordinal)).Select(l => l["CLEANUP=".Length..]).ToArray();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(cleanups, root);
        return connection;
    }

    private static void Stop(string[] cleanups, string root)
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var cleanup in cleanups.Reverse())
        {
            using var stop = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { "-c", cleanup } });
            stop?.WaitForExit(10_000);
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static string? FindSetupScript()
    {
        // The source tree this assembly was built from, else the working directory's ancestors.
        foreach (var start in new[] { Path.GetDirectoryName(SourceFile()), Environment.CurrentDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "setup", "10-postgres.sh");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
