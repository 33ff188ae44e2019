using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>
/// A PostgreSQL server of the scenario's own (initdb + pg_ctl on a private port and directory), for what
/// must not touch the shared test server: restarting it mid-run, or durable commits for the benchmark
/// (fsync and synchronous_commit on, unlike the tests' throw-away server). As root it runs as <c>postgres</c>.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly string _options;

    private PrivatePostgres(string bin, string dir, int port, string options)
    {
        _bin = bin;
        _dir = dir;
        _options = options;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={Port};Username=notify;Password=notify;Database=notify;Maximum Pool Size=20");

    public static async Task<PrivatePostgres> StartAsync(bool durable)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed: run tests/run.sh once (it installs Debian's postgresql).");
        var dir = Directory.CreateTempSubdirectory("orleansnotify-pg-own-").FullName;
        File.WriteAllText(Path.Combine(dir, "pwfile"), "notify\n");
        if (IsRoot)
        {
            await RunAsync("chmod", "755", dir);
            await RunAsync("chown", "-R", "postgres", dir);
        }

        var port = FreePorts.Next();
        var durability = durable ? "-c fsync=on -c synchronous_commit=on" : "-c fsync=off -c synchronous_commit=off";
        // NOTIFY_PG_EXTRA adds server options for a look inside, e.g. "-c shared_preload_libraries=pg_stat_statements".
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={dir} -c max_connections=300 -c timezone=UTC {durability} {Environment.GetEnvironmentVariable("NOTIFY_PG_EXTRA")}");
        var server = new PrivatePostgres(bin, dir, port, options);
        await server.AsPostgresAsync(Path.Combine(bin, "initdb"), "-D", Path.Combine(dir, "data"), "-U", "notify",
            "--pwfile=" + Path.Combine(dir, "pwfile"), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C");
        await server.StartServerAsync();
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString.Replace("Database=notify", "Database=postgres", StringComparison.Ordinal)))
        await using (var create = admin.CreateCommand("CREATE DATABASE notify"))
        {
            await create.ExecuteNonQueryAsync();
        }

        return server;
    }

    /// <summary>Stops the server (fast: open connections are cut) — PostgreSQL going away mid-run.</summary>
    public Task StopServerAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "stop");

    public Task StartServerAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"),
        "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "-o", _options, "start");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopServerAsync();
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // Already stopped, or a leftover directory: harmless for a throw-away server.
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgresAsync(string program, params string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout} {await stderr}");
        }
    }
}
