using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OrleansNotify.Cluster.Tests.Processes;
using OrleansNotify.PostgreSql;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.Benchmarks.Cluster;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- cluster</c>: the full cluster path
/// with real silo processes on a private PostgreSQL with durable commits (fsync and synchronous_commit
/// on), delivering to the fake SendGrid in this process. For each cluster size: single submissions, then
/// batched ones, each for a fixed time; prints accepted and dispatched emails/s and accept→send p50/p99.
/// </summary>
internal static class ClusterBenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ClusterBenchOptions options;
        try
        {
            options = ClusterBenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\nusage: {ClusterBenchOptions.Usage}");
            return 2;
        }

        var results = new List<PhaseResult>();
        foreach (var silos in options.Silos)
        {
            results.AddRange(await RunClusterAsync(silos, options));
        }

        Console.WriteLine();
        Console.WriteLine(PhaseResult.Header);
        foreach (var result in results)
        {
            Console.WriteLine(result.Row());
        }

        return 0;
    }

    private static async Task<List<PhaseResult>> RunClusterAsync(int silos, ClusterBenchOptions options)
    {
        await using var postgres = await PrivatePostgres.StartAsync(durable: true);
        await using (var db = NpgsqlDataSource.Create(postgres.ConnectionString))
        {
            await PostgreSqlMigrator.MigrateAsync(db, CancellationToken.None);
        }

        await using var fake = await FakeSendGridServer.StartAsync();
        await using var cluster = new ClusterProcesses(postgres.ConnectionString);
        var hosts = new List<HostProcess>();
        for (var i = 0; i < silos; i++)
        {
            hosts.Add(await cluster.StartSiloAsync());
        }

        Console.WriteLine($"{silos} silo(s) ready; logs in {cluster.Folder}");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency + 4, UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var api = new NotifyApi(http, cluster.AdminKey);
        var portals = new List<Portal>();
        for (var i = 0; i < options.Portals; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"bench{i:D3}");
            var key = await api.CreatePortalAsync(hosts[i % hosts.Count].Http, id, fake.BaseUrl, FakeSendGridServer.DefaultApiKey,
                perSecond: 100_000, burst: 100_000, maxConcurrency: 16, CancellationToken.None);
            portals.Add(new Portal(id, key));
        }

        var single = NotifyApi.Message("bench");
        Func<int, string> singleBody = options.Distinct ? n => NotifyApi.Message("bench " + n.ToString(CultureInfo.InvariantCulture)) : _ => single;
        var batched = NotifyApi.Message("bench-batch", options.Batch);
        var probe = new CostProbe(hosts.Select(h => h.Pid).ToArray(), postgres.Port, postgres.ConnectionString);
        if (options.Warmup > 0)
        {
            await RunPhaseAsync("warm-up", silos, 1, options with { Seconds = options.Warmup }, fake, portals, hosts, probe,
                (target, portal, n) => api.SubmitAsync(target, portal.Id, portal.Key, null, singleBody(n), CancellationToken.None));
            await AnalyzeAsync(postgres.ConnectionString);
        }

        var results = new List<PhaseResult>();
        if (options.Phases.Contains("single"))
        {
            results.Add(await RunPhaseAsync(options.Distinct ? "single, distinct" : "single", silos, 1, options, fake, portals, hosts, probe,
                (target, portal, n) => api.SubmitAsync(target, portal.Id, portal.Key, null, singleBody(n), CancellationToken.None)));
        }

        if (options.Phases.Contains("batched"))
        {
            results.Add(await RunPhaseAsync($"batched ×{options.Batch}", silos, options.Batch, options, fake, portals, hosts, probe,
                (target, portal, _) => api.MailSendAsync(target, portal.Key, batched, CancellationToken.None)));
        }

        foreach (var result in results)
        {
            Console.WriteLine(result.Row());
        }

        return results;
    }

    /// <summary>
    /// A live database has statistics: autovacuum analyzes a table within a minute (autovacuum_naptime) of
    /// its rows changing. This one is minutes old and has none, and the plans PostgreSQL makes for the
    /// silos' prepared statements without them walk a whole portal's rows per status write (~9× the buffer
    /// reads). ANALYZE after the warm-up stands in for autovacuum's first pass (it also invalidates those
    /// plans), so the phases measure the steady state rather than a database's first minute.
    /// </summary>
    private static async Task AnalyzeAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var analyze = db.CreateCommand("ANALYZE");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<PhaseResult> RunPhaseAsync(string name, int silos, int emailsPerRequest, ClusterBenchOptions options,
        FakeSendGridServer fake, List<Portal> portals, List<HostProcess> hosts, CostProbe probe, Func<Uri, Portal, int, Task<string?>> submit)
    {
        var before = await probe.SampleAsync();
        var acceptLatencies = new ConcurrentBag<double>();
        fake.ClearRequests();
        var baseline = fake.AcceptedPersonalizations;
        var callsBefore = fake.AcceptedCalls;
        var accepted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long refused = 0;
        var next = 0;
        var start = Stopwatch.GetTimestamp();
        var duration = TimeSpan.FromSeconds(options.Seconds);
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                var n = Interlocked.Increment(ref next);
                var sent = Stopwatch.GetTimestamp();
                var id = await submit(hosts[n % hosts.Count].Http, portals[n % portals.Count], n);
                acceptLatencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (id is null)
                {
                    Interlocked.Increment(ref refused);
                }
                else
                {
                    accepted[id] = Stopwatch.GetTimestamp();
                }
            }
        }));
        var submitSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var emails = (long)accepted.Count * emailsPerRequest;

        // Dispatch is measured until the last accepted email arrives (bounded wait: a stalled run still reports).
        try
        {
            await fake.WaitForAcceptedPersonalizationsAsync(baseline + emails, TimeSpan.FromSeconds(options.Drain));
        }
        catch (TimeoutException e)
        {
            Console.WriteLine("  " + e.Message);
        }

        var cost = await probe.SampleAsync() - before;
        var deliveries = Deliveries.Read(fake).Where(d => accepted.ContainsKey(d.MessageId)).ToList();
        var latencies = deliveries.GroupBy(d => d.MessageId, StringComparer.Ordinal)
            .Select(g => Math.Max(0, Stopwatch.GetElapsedTime(accepted[g.Key], g.Min(d => d.ReceivedAt)).TotalMilliseconds))
            .Order().ToList();
        var dispatchSeconds = deliveries.Count == 0 ? 0 : Stopwatch.GetElapsedTime(start, deliveries.Max(d => d.ReceivedAt)).TotalSeconds;
        return new PhaseResult(name, silos, accepted.Count, emails, submitSeconds, deliveries.Count, dispatchSeconds,
            PhaseResult.Percentile(latencies, 0.50), PhaseResult.Percentile(latencies, 0.99), refused,
            PhaseResult.Percentile([.. acceptLatencies.Order()], 0.50), cost, fake.AcceptedCalls - callsBefore);
    }
}
