using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansNotify.RabbitMq;
using RabbitMQ.Client;

namespace OrleansNotify.Benchmarks.Events;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- events --rabbitmq amqp://... [--events N]
/// [--portals P] [--batch B] [--connections C] [--prefetch N] [--max-batch N]</c>: events/s into queued messages in an embedded silo,
/// (1) from RabbitMQ: the queue is filled first (publisher confirms), then the ingress starts and the
/// clock runs until every event's message is queued; (2) from HTTP: batches of B events on C connections.
/// </summary>
internal static class EventsBenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var runId = Guid.NewGuid().ToString("N")[..6];
        var folder = Directory.CreateTempSubdirectory("orleansnotify-events-bench-").FullName;
        await using var host = await EventsBenchHost.StartAsync();
        Print($"events: {options.Events} events, {options.Portals} portals, {Environment.ProcessorCount} cores, run {runId}");
        if (options.RabbitMq is { } uri)
        {
            await RabbitMqAsync(host, uri, options, $"bench-{runId}", folder);
        }

        await HttpAsync(host, options, $"http-{runId}", folder);
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static async Task RabbitMqAsync(EventsBenchHost host, Uri uri, Options options, string prefix, string folder)
    {
        var portals = await PortalsAsync(host, options, prefix, folder);
        var ingressOptions = new RabbitMqIngressOptions { Enabled = true, Uri = uri, Queue = $"{prefix}-events" };
        ingressOptions.Prefetch = options.Prefetch ?? ingressOptions.Prefetch;
        ingressOptions.MaxBatch = options.MaxBatch ?? ingressOptions.MaxBatch;
        await using (var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync())
        {
            await RabbitMqTopology.DeclareAsync(connection, ingressOptions, CancellationToken.None);
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
            var clock = Stopwatch.StartNew();
            var pending = new List<Task>(512);
            for (var i = 0; i < options.Events; i++)
            {
                var body = Encoding.UTF8.GetBytes(BenchEvents.Json(portals[i % portals.Length], $"{prefix}-{i}").ToJsonString());
                pending.Add(channel.BasicPublishAsync("", ingressOptions.Queue, false, new BasicProperties { Persistent = true }, body).AsTask());
                if (pending.Count == 512)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
            Print($"publish:  {options.Events} events confirmed in {clock.Elapsed.TotalSeconds:0.00} s = {options.Events / clock.Elapsed.TotalSeconds:0} events/s (fill, before the consumer starts)");
        }

        var ingress = ActivatorUtilities.CreateInstance<RabbitMqIngress>(host.Services, Microsoft.Extensions.Options.Options.Create(ingressOptions));
        await ingress.StartAsync(CancellationToken.None);
        var at = await WaitForQueuedAsync(host, portals, options.Events, TimeSpan.FromMinutes(5));
        Print($"rabbitmq: {options.Events} events -> queued messages in {at.TotalSeconds:0.00} s = {options.Events / at.TotalSeconds:0} events/s (prefetch {ingressOptions.Prefetch}, batch {ingressOptions.MaxBatch} x {ingressOptions.MaxBatchesInFlight})");
        await ingress.StopAsync(CancellationToken.None);
    }

    private static async Task HttpAsync(EventsBenchHost host, Options options, string prefix, string folder)
    {
        var portals = await PortalsAsync(host, options, prefix, folder);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections }) { BaseAddress = host.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EventsBenchHost.AdminKey);
        var batches = new Queue<(string Portal, string Body)>();
        for (var start = 0; start < options.Events; start += options.Batch)
        {
            var portal = portals[start / options.Batch % portals.Length];
            var array = new JsonArray();
            for (var i = start; i < Math.Min(start + options.Batch, options.Events); i++)
            {
                array.Add(BenchEvents.Json(portal, $"{prefix}-{i}"));
            }

            batches.Enqueue((portal, array.ToJsonString()));
        }

        var clock = Stopwatch.StartNew();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            while (true)
            {
                (string Portal, string Body) batch;
                lock (batches)
                {
                    if (!batches.TryDequeue(out batch))
                    {
                        return;
                    }
                }

                using var response = await http.PostAsync(new Uri($"/v1/portals/{batch.Portal}/events", UriKind.Relative),
                    new StringContent(batch.Body, Encoding.UTF8, "application/json"));
                if ((int)response.StatusCode != 202)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var accepted = clock.Elapsed;
        var queued = await WaitForQueuedAsync(host, portals, options.Events - failures * options.Batch, TimeSpan.FromMinutes(5));
        Print($"http:     {options.Events} events in batches of {options.Batch} on {options.Connections} connections: 202s after {accepted.TotalSeconds:0.00} s = {options.Events / accepted.TotalSeconds:0} events/s; all queued after {queued.TotalSeconds:0.00} s; {failures} failed batches");
    }

    private static async Task<string[]> PortalsAsync(EventsBenchHost host, Options options, string prefix, string folder)
    {
        var portals = Enumerable.Range(0, options.Portals).Select(i => $"{prefix}-p{i}").ToArray();
        foreach (var portal in portals)
        {
            await host.CreatePortalAsync(portal, Path.Combine(folder, portal));
        }

        return portals;
    }

    private static async Task<TimeSpan> WaitForQueuedAsync(EventsBenchHost host, string[] portals, long expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await host.CountAsync(portals) < expected)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{await host.CountAsync(portals)} of {expected} messages queued within {timeout}.");
            }

            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    private static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--rabbitmq": options.RabbitMq = new Uri(value); break;
                case "--events": options.Events = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--portals": options.Portals = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--batch": options.Batch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--prefetch": options.Prefetch = ushort.Parse(value, CultureInfo.InvariantCulture); break;
                case "--max-batch": options.MaxBatch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--connections": options.Connections = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return options;
    }

    private static void Print(string line) => Console.WriteLine(line);

    private sealed class Options
    {
        public Uri? RabbitMq { get; set; }
        public int Events { get; set; } = 20_000;
        public int Portals { get; set; } = 4;
        public int Batch { get; set; } = 100;
        public int Connections { get; set; } = 8;
        public ushort? Prefetch { get; set; }
        public int? MaxBatch { get; set; }
    }
}
