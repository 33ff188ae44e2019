using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Benchmarks.Tracking;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- webhooks [events-per-post ...] [--events N] [--concurrency C] [--shards S] [--coalesce K] [--window MS]</c>:
/// signed SendGrid webhook POSTs over loopback HTTP into the full path (verify, parse, stream, store in
/// PostgreSQL, de-duplicate, fold counters). Prints accepted events/s (2xx) and stored events/s (until
/// the last event is in PostgreSQL), per batch size, with the CPU per event of this process and of PostgreSQL.
/// </summary>
internal static class WebhookBenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        if (sizes.Count == 0)
        {
            sizes = [100, 1000];
        }

        var total = Option(args, "--events", 200_000);
        var concurrency = Option(args, "--concurrency", 8);
        await using var database = await PostgreSqlDatabase.CreateAsync();
        if (args.Contains("--store-only"))
        {
            return await StoreOnlyAsync(database, sizes, total);
        }

        var shards = Option(args, "--shards", OrleansNotify.Tracking.TrackingShards.DefaultCount);
        var coalesce = args.Contains("--coalesce") ? Option(args, "--coalesce", 0) : (int?)null;
        var window = args.Contains("--window") ? Option(args, "--window", 0) : (int?)null;
        await using var host = await WebhookHost.StartAsync(database.ConnectionString, shards, coalesce, window);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 2 }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine($"webhooks: {Environment.ProcessorCount} cores, {concurrency} connections, {shards} ingest shards per portal, {coalesce ?? OrleansNotify.Grains.Hosting.StreamDelivery.ItemsPerDelivery} stream items per delivery, coalesce window {(window is { } w ? $"{w} ms" : "default")}, {total} events per size, PostgreSQL {database.Name}");
        foreach (var size in sizes)
        {
            // Warm-up on its own portals (JIT, connections, grain activations), so the measured events are all new:
            // two rounds of at least 30,000 events, as with fewer the JIT was still compiling during the measurement
            // (a quarter of the process's samples in libclrjit) and inflated the CPU per event about twofold.
            var warmPosts = Math.Max(concurrency * 4, Math.Max(total, 30_000) / size);
            for (var round = 0; round < 2; round++)
            {
                var warm = $"warm-{size}-{Guid.NewGuid():N}"[..24];
                await PutPortalAsync(http, warm, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
                await RunPostsAsync(http, warm, Enumerable.Range(0, warmPosts).Select(p => Sign(key, Body(warm, p, size))).ToArray(), concurrency);
                await WaitStoredAsync(database, warm, warmPosts * (long)size);
            }

            await AnalyzeAsync(database);
            var portal = $"bench-{size}-{Guid.NewGuid():N}"[..24];
            await PutPortalAsync(http, portal, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
            // Bodies are built and signed before the clock starts: the sender's cost is not ours.
            var posts = Enumerable.Range(0, total / size).Select(p => Sign(key, Body(portal, p, size))).ToArray();

            var cpu = await CpuMeter.StartAsync(database);
            var clock = Stopwatch.StartNew();
            await RunPostsAsync(http, portal, posts, concurrency);
            var accepted = clock.Elapsed;
            var expected = posts.Length * (long)size;
            await WaitStoredAsync(database, portal, expected);
            var stored = clock.Elapsed;
            var (self, postgres) = await cpu.StopAsync();
            var rows = await database.ScalarAsync($"SELECT count(*) FROM notify_tracking_events WHERE portal_id = '{portal}'");
            if (rows != expected)
            {
                throw new InvalidOperationException($"{rows} events stored, {expected} expected");
            }

            Console.WriteLine($"{size,5} events/POST: {posts.Length} POSTs, accepted {expected / accepted.TotalSeconds,9:N0} events/s ({posts.Length / accepted.TotalSeconds:N0} POST/s), " +
                $"stored {expected / stored.TotalSeconds,9:N0} events/s in PostgreSQL ({stored.TotalSeconds:N2} s); " +
                $"CPU per event: process {self.TotalMicroseconds / expected:N1} µs, PostgreSQL {postgres.TotalMicroseconds / expected:N1} µs");
        }

        return 0;
    }

    /// <summary>The store alone (no HTTP, no stream): what one tracking grain's ingest costs per batch.</summary>
    private static async Task<int> StoreOnlyAsync(PostgreSqlDatabase database, List<int> sizes, int total)
    {
        var store = new OrleansNotify.PostgreSql.Tracking.PostgreSqlTrackingStore(database.DataSource);
        foreach (var size in sizes)
        {
            var portal = $"store-{size}-{Guid.NewGuid():N}"[..24];
            var batches = Enumerable.Range(0, total / size)
                .Select(p => OrleansNotify.Api.Tracking.WebhookParser.Parse(Body(portal, p, size), TimeProvider.System.GetUtcNow(), out _, out _)!
                    .Select(e => e.Event).ToArray())
                .ToArray();
            foreach (var batch in batches.Take(5))
            {
                await store.IngestAsync("warm-" + portal, batch, CancellationToken.None); // JIT and connections
            }

            await AnalyzeAsync(database);

            var cpu = await CpuMeter.StartAsync(database);
            var clock = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await store.IngestAsync(portal, batch, CancellationToken.None);
            }

            var elapsed = clock.Elapsed;
            var (self, postgres) = await cpu.StopAsync();
            var events = batches.Length * (long)size;
            Console.WriteLine($"{size,5} events/batch: store only, one portal, sequential: {events / elapsed.TotalSeconds,9:N0} events/s " +
                $"({elapsed.TotalMilliseconds / batches.Length:N1} ms per batch); CPU per event: process {self.TotalMicroseconds / events:N1} µs, " +
                $"PostgreSQL {postgres.TotalMicroseconds / events:N1} µs");
        }

        return 0;
    }

    /// <summary>
    /// A fresh database's tables have no statistics until autovacuum's first pass (a minute), and the
    /// generic plans of our prepared statements built before then walk a portal's rows; ANALYZE after the
    /// warm-up (it invalidates those plans) so a run measures the steady state, not the first minute.
    /// </summary>
    private static Task AnalyzeAsync(PostgreSqlDatabase database) =>
        database.ScalarAsync("ANALYZE notify_tracking_events, notify_tracking_counters, notify_tracking_marks, notify_suppressions");

    /// <summary>
    /// Polls the few counter rows, committed with the events: a count(*) over the events every 10 ms cost
    /// PostgreSQL more CPU than the ingest. Every event of <see cref="Body"/> adds exactly one of these metrics.
    /// </summary>
    private static async Task WaitStoredAsync(PostgreSqlDatabase database, string portal, long expected)
    {
        while (await database.ScalarAsync($"SELECT coalesce(sum(count), 0) FROM notify_tracking_counters WHERE portal_id = '{portal}' AND category = '' AND metric IN (1, 2, 9, 11)") < expected)
        {
            await Task.Delay(10);
        }
    }

    private static async Task RunPostsAsync(HttpClient http, string portal, (byte[] Body, string Timestamp, string Signature)[] posts, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < posts.Length)
            {
                var (body, timestamp, signature) = posts[i];
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/webhooks/sendgrid/{portal}", UriKind.Relative))
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature);
                request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"POST {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
    }

    /// <summary>A realistic mix: processed, delivered, opens and clicks with categories and custom args.</summary>
    private static byte[] Body(string portal, int post, int size)
    {
        string[] types = ["processed", "delivered", "open", "click", "delivered", "open"];
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var events = new JsonArray();
        for (var i = 0; i < size; i++)
        {
            var message = (post * size + i) / 4;
            events.Add(new JsonObject
            {
                ["email"] = $"user{message % 5000}@example.com",
                ["timestamp"] = now - (i % 3600),
                ["event"] = types[i % types.Length],
                ["sg_event_id"] = $"{portal}-{post}-{i}",
                ["sg_message_id"] = $"prov{message}.filter0001.16648.5515E0B88.0",
                ["category"] = new JsonArray("newsletter", $"week{message % 4}"),
                ["notify_message_id"] = $"m{message}",
                ["notify_portal_id"] = portal,
                ["url"] = i % types.Length == 3 ? "https://example.com/offer" : null,
            });
        }

        return Encoding.UTF8.GetBytes(events.ToJsonString());
    }

    private static (byte[], string, string) Sign(ECDsa key, byte[] body)
    {
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var data = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        return (body, timestamp, Convert.ToBase64String(key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
    }

    private static async Task PutPortalAsync(HttpClient http, string portal, string publicKey)
    {
        var config = new JsonObject
        {
            ["notifier"] = new JsonObject { ["kind"] = "pickup", ["folder"] = Path.Combine(Path.GetTempPath(), portal) },
            ["webhook"] = new JsonObject { ["publicKey"] = publicKey },
        };
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/v1/portals/{portal}", UriKind.Relative))
        {
            Content = new StringContent(config.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebhookHost.AdminKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
