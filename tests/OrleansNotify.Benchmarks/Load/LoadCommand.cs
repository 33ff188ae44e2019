using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace OrleansNotify.Benchmarks.Load;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- load --admin-key K ...</c>: drives a
/// running silo over HTTP (see <see cref="LoadOptions"/>) and prints accepted msgs/s, p50/p99 accept
/// latency, sent msgs/s and the silo's memory.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\nusage: {LoadOptions.Usage}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var ownFolder = options.NotifierJson is null && options.PickupFolder is null;
        var folder = options.NotifierJson is not null ? null : options.PickupFolder ?? Path.Combine(Path.GetTempPath(), $"orleansnotify-load-{runId}");
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var notifier = options.NotifierJson is null ? new JsonObject { ["kind"] = "pickup", ["folder"] = folder } : JsonNode.Parse(options.NotifierJson)!;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency + 4, UseCookies = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var client = new NotifyClient(http, options.Url, options.AdminKey);

        Print($"load: {options.Url} run {runId}, {options.Portals} portals ({notifier["kind"]}), {options.Messages} messages + {options.Warmup} warm-up, {options.Concurrency} connections, {Environment.ProcessorCount} cores");
        var memoryAtStart = SiloMemory.Read(options.SiloPid);
        var portals = new List<LoadPortal>();
        try
        {
            for (var i = 0; i < options.Portals; i++)
            {
                var id = $"load-{runId}-{i}";
                await client.PutPortalAsync(id, notifier, options, cancel.Token);
                var key = await client.CreateKeyAsync(id, cancel.Token);
                portals.Add(new LoadPortal(id, client.MessagesUri(id), new AuthenticationHeaderValue("Bearer", key)));
            }

            await MeasureAsync(options, client, portals, memoryAtStart, cancel.Token);
            if (folder is not null && Directory.Exists(folder))
            {
                Print($"pickup:   {Directory.EnumerateFiles(folder, "*.eml").Count()} .eml files in {folder}");
            }

            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"load failed: {e.Message}");
            return 1;
        }
        finally
        {
            if (!options.Keep)
            {
                await CleanUpAsync(client, portals, ownFolder ? folder : null);
            }
        }
    }

    private static async Task MeasureAsync(LoadOptions options, NotifyClient client, List<LoadPortal> portals, SiloMemory.Sample? memoryAtStart, CancellationToken cancellationToken)
    {
        var load = new AcceptLoad(client.Http, portals, LoadMessage.Body());
        var monitor = new SentMonitor(client, portals);
        var warmup = await load.RunAsync(options.Warmup, options.Concurrency, cancellationToken);
        Print($"warm-up:  {warmup.Accepted} accepted in {warmup.Elapsed.TotalSeconds:0.0} s");
        var memoryBefore = SiloMemory.Read(options.SiloPid);
        var sentBefore = await monitor.ReadAsync(cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var result = await load.RunAsync(options.Messages, options.Concurrency, cancellationToken);
        var memoryAfterAccept = SiloMemory.Read(options.SiloPid);
        var afterAccept = await monitor.ReadAsync(cancellationToken);
        Print($"accepted: {result.Accepted} in {result.Elapsed.TotalSeconds:0.00} s = {result.PerSecond:0} msgs/s; latency p50 {Ms(result.Percentile(0.50))}, p99 {Ms(result.Percentile(0.99))}, max {Ms(result.Percentile(1))}; back-pressure retries {result.Retries}");
        if (result.Failures.Count > 0)
        {
            Print($"failed:   {string.Join(", ", result.Failures.Select(f => $"{f.Value}× HTTP {f.Key}"))}; first: {result.FirstFailure}");
        }

        if (afterAccept is { } a)
        {
            Print($"queue:    {a.Waiting} waiting, {a.InFlight} in flight, {a.Sent} sent when the last message was accepted");
        }

        if (memoryAtStart is { } m0 && memoryBefore is { } m1 && memoryAfterAccept is { } m2)
        {
            var waiting = afterAccept?.Waiting ?? 0;
            var perQueued = waiting > 0 ? $"; {(m2.RssBytes - m1.RssBytes) / (double)waiting:0} B of RSS growth per waiting message" : "";
            Print($"memory:   RSS {SiloMemory.Mb(m0.RssBytes)} at start, {SiloMemory.Mb(m1.RssBytes)} after warm-up, {SiloMemory.Mb(m2.RssBytes)} after accepting{perQueued}");
        }

        if (options.SentTimeout <= TimeSpan.Zero || sentBefore is null)
        {
            Print(sentBefore is null ? "sent:     not measured (GET /v1/portals/{id} shows no status)" : "sent:     not measured (--sent-timeout 0)");
            return;
        }

        var expected = warmup.Accepted + result.Accepted;
        var (last, at) = await monitor.WaitForAsync(expected, started, options.SentTimeout, TimeSpan.FromSeconds(15), cancellationToken);
        var sent = (last?.Sent ?? 0) - sentBefore.Value.Sent;
        Print($"sent:     {last?.Sent ?? 0} of {expected} ({sent} in the measured phase) after {at.TotalSeconds:0.00} s = {sent / Math.Max(at.TotalSeconds, 0.001):0} msgs/s{(last?.Sent >= expected ? "" : " (incomplete: timed out or stalled)")}");
        if (SiloMemory.Read(options.SiloPid) is { } m3)
        {
            Print($"memory:   RSS {SiloMemory.Mb(m3.RssBytes)} after sending, peak {SiloMemory.Mb(m3.PeakBytes)}");
        }
    }

    private static async Task CleanUpAsync(NotifyClient client, List<LoadPortal> portals, string? folder)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var portal in portals)
        {
            try
            {
                await client.DeletePortalAsync(portal.PortalId, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"could not delete {portal.PortalId}: {e.Message}");
            }
        }

        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    private static void Print(string line) => Console.WriteLine(line);
}
