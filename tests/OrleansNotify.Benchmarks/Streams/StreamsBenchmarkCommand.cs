using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansNotify.PostgreSql;
using OrleansNotify.Streaming.PostgreSql.Queues;

namespace OrleansNotify.Benchmarks.Streams;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- streams [rows]</c>: the PostgreSQL stream
/// queue's throughput on this machine, in a fresh database on the server of NOTIFY_TEST_POSTGRES (dropped
/// afterwards): enqueue rows/s one row per transaction vs coalesced by the insert batcher, and claim+delete
/// msgs/s for one receiver and for one receiver per queue.
/// </summary>
internal static class StreamsBenchmarkCommand
{
    private const int Queues = 8;
    private const int PayloadBytes = 256; // about a serialized batch container with one small message event

    public static async Task<int> RunAsync(string[] args)
    {
        var server = Environment.GetEnvironmentVariable("NOTIFY_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            await Console.Error.WriteLineAsync("Set NOTIFY_TEST_POSTGRES to a PostgreSQL connection string (tests/setup/10-postgres.sh starts one).");
            return 2;
        }

        var rows = args is [var n, ..] ? int.Parse(n, CultureInfo.InvariantCulture) : 50_000;
        var database = "bench_streams_" + Guid.NewGuid().ToString("N")[..8];
        await AdminAsync(server, $"CREATE DATABASE {database}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 64 }.ConnectionString;
            await using var dataSource = NpgsqlDataSource.Create(connection);
            await PostgreSqlMigrator.MigrateAsync(dataSource, CancellationToken.None);
            await RunPhasesAsync(dataSource, rows);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        return 0;
    }

    private static async Task RunPhasesAsync(NpgsqlDataSource dataSource, int rows)
    {
        var payload = new byte[PayloadBytes];
        Random.Shared.NextBytes(payload);
        var table = new PostgreSqlQueueTable(dataSource, "bench", "streams");
        Console.WriteLine($"PostgreSQL stream queue, {PayloadBytes}-byte payloads, {Queues} queues, {Environment.ProcessorCount} cores");

        // 1. One row per transaction, one producer awaiting each (what an uncoalesced adapter does).
        var single = Math.Min(rows / 10, 5_000);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < single; i++)
        {
            await table.EnqueueAsync([new QueueRow(i % Queues, payload)], notify: false, CancellationToken.None);
        }

        Report("enqueue, 1 row/transaction, 1 producer", single, watch.Elapsed);

        // 2. The same rows from many concurrent producers, coalesced by the batcher (NOTIFY per statement).
        foreach (var producers in new[] { 16, 256 })
        {
            await using var batcher = new InsertBatcher(table, 256, 2, notify: true, NullLogger.Instance);
            watch.Restart();
            await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                for (var i = p; i < rows; i += producers)
                {
                    await batcher.EnqueueAsync(i % Queues, payload);
                }
            })));
            Report($"enqueue, coalesced, {producers} producers ({(double)rows / batcher.Statements:0} rows/INSERT)", rows, watch.Elapsed);
        }

        // 3. Claim 100 + delete, as a receiver does: one receiver on one queue, then one per queue.
        var queue0 = await CountAsync(dataSource, "SELECT count(*) FROM notify_stream_queue WHERE queue_id = 0");
        watch.Restart();
        var drained = await DrainAsync(table, 0);
        Report("claim 100 (+ delete previous), 1 receiver", drained, watch.Elapsed);
        if (drained != queue0)
        {
            throw new InvalidOperationException($"drained {drained} of {queue0} rows");
        }

        var rest = await CountAsync(dataSource, "SELECT count(*) FROM notify_stream_queue WHERE queue_id <> 0");
        watch.Restart();
        var counts = await Task.WhenAll(Enumerable.Range(1, Queues - 1).Select(q => Task.Run(() => DrainAsync(table, q))));
        Report($"claim 100 (+ delete previous), {Queues - 1} receivers", counts.Sum(), watch.Elapsed);
        if (counts.Sum() != rest)
        {
            throw new InvalidOperationException($"drained {counts.Sum()} of {rest} rows");
        }
    }

    /// <summary>As the receiver does: each claim also deletes the previous batch, in one round trip.</summary>
    private static async Task<long> DrainAsync(PostgreSqlQueueTable table, int queue)
    {
        var lease = new QueueLease($"bench-{queue}", TimeSpan.FromSeconds(30));
        long total = 0;
        long[] delivered = [];
        while (true)
        {
            var claimed = await table.ClaimAsync(queue, 100, TimeSpan.FromSeconds(30), 5, CancellationToken.None, lease, delivered);
            if (claimed.Count == 0)
            {
                return total;
            }

            delivered = claimed.Select(r => r.MessageId).ToArray();
            total += claimed.Count;
        }
    }

    private static void Report(string what, long count, TimeSpan elapsed)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-60} {count,8} in {elapsed.TotalSeconds,6:0.00} s = {count / elapsed.TotalSeconds,9:N0}/s"));

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var admin = NpgsqlDataSource.Create(server);
        await using var command = admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
