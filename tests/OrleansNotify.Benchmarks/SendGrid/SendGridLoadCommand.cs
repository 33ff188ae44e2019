using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.SendGrid;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.Benchmarks.SendGrid;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- sendgrid [--seconds 5] [--warmup 2]
/// [--concurrency 32] [--batch 500] [--in-process] [--stub] [--breakdown]</c>: mail/send calls/s and emails/s through the
/// notifier and through a bare HttpClient loop posting the same bodies, against the fake SendGrid. The
/// fake runs in a child process by default, so CPU and allocations are the client's alone.
/// </summary>
internal static class SendGridLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--serve"))
        {
            return await ServeAsync().ConfigureAwait(false);
        }

        if (args.Contains("--breakdown"))
        {
            await SendGridBreakdown.RunAsync(Option(args, "--iterations", 20_000)).ConfigureAwait(false);
            return 0;
        }

        var seconds = TimeSpan.FromSeconds(Option(args, "--seconds", 5));
        var warmup = TimeSpan.FromSeconds(Option(args, "--warmup", 2));
        var concurrency = Option(args, "--concurrency", 32);
        var batch = Option(args, "--batch", 500);
        var inProcess = args.Contains("--in-process");
        var stub = args.Contains("--stub");

        await using var server = inProcess ? null : await ChildServer.StartAsync().ConfigureAwait(false);
        await using var local = inProcess ? await FakeSendGridServer.StartAsync().ConfigureAwait(false) : null;
        if (local is not null)
        {
            local.RecordRequests = false;
        }

        var baseUrl = server?.BaseUrl ?? local!.BaseUrl;
        var portal = SendGridWorkload.Portal(baseUrl, FakeSendGridServer.DefaultApiKey);
        Console.WriteLine($"SendGrid load: fake at {baseUrl} ({(inProcess ? "in process" : "child process")}), {concurrency} workers{(stub ? ", STUB handler (no network)" : "")}, {seconds.TotalSeconds} s per phase, batch {batch}, {Environment.ProcessorCount} cores");

        var collection = new ServiceCollection().AddLogging().AddSendGridNotifier();
        if (stub)
        {
            // --stub: no network at all, both paths answered in memory: the client-side cost alone.
            collection.AddHttpClient(SendGridNotifierOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new StubSendGridHandler());
        }

        await using var services = collection.BuildServiceProvider();
        var notifier = services.GetRequiredKeyedService<INotifier>(NotifierKinds.SendGrid);
        using var bare = stub
            ? new HttpClient(new StubSendGridHandler())
            : new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false });

        var singleBodies = Enumerable.Range(0, 1000).Select(SendGridWorkload.SingleBody).ToArray();
        var singleJobs = Enumerable.Range(0, 1000).Select(i => SendGridWorkload.Job(portal, i, 1)).ToArray();
        var batchBodies = Enumerable.Range(0, 8).Select(b => SendGridWorkload.BatchBody(b * batch, batch)).ToArray();
        var batchJobs = Enumerable.Range(0, 8).Select(b => SendGridWorkload.Job(portal, b * batch, batch)).ToArray();
        var uri = new Uri(baseUrl + "/v3/mail/send");

        async Task<(int, bool)> PostAsync(byte[] body, int emails)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FakeSendGridServer.DefaultApiKey);
            using var response = await bare.SendAsync(request).ConfigureAwait(false);
            return (emails, (int)response.StatusCode == 202);
        }

        async Task<(int, bool)> NotifyAsync(SendJob job)
        {
            var outcomes = await notifier.SendAsync(job, CancellationToken.None).ConfigureAwait(false);
            return (outcomes.Count, outcomes.All(o => o.Result == SendResult.Sent));
        }

        // The paths take turns in one-second slices, so load from other processes on a shared machine
        // falls on all of them alike instead of on whichever phase ran while it lasted.
        var phases = new (string Name, int Workers, Func<long, Task<(int, bool)>> Call)[]
        {
            ("bare-single", concurrency, n => PostAsync(singleBodies[n % singleBodies.Length], 1)),
            ("notifier-single", concurrency, n => NotifyAsync(singleJobs[n % singleJobs.Length])),
            ($"bare-batch{batch}", Math.Max(1, concurrency / 4), n => PostAsync(batchBodies[n % batchBodies.Length], batch)),
            ($"notifier-batch{batch}", Math.Max(1, concurrency / 4), n => NotifyAsync(batchJobs[n % batchJobs.Length])),
        };
        foreach (var (name, workers, call) in phases)
        {
            await LoadPhase.RunAsync(name, workers, TimeSpan.Zero, warmup, call).ConfigureAwait(false);
        }

        var results = phases.Select(p => new LoadResult(p.Name, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, 0)).ToList();
        for (var round = 0; round < Math.Max(1, (int)seconds.TotalSeconds); round++)
        {
            for (var i = 0; i < phases.Length; i++)
            {
                var slice = await LoadPhase.RunAsync(phases[i].Name, phases[i].Workers, TimeSpan.Zero, TimeSpan.FromSeconds(1), phases[i].Call).ConfigureAwait(false);
                results[i] = results[i].Add(slice);
            }
        }

        foreach (var result in results)
        {
            Console.WriteLine(result);
        }

        Console.WriteLine($"notifier/bare, single: {results[1].CallsPerSecond / results[0].CallsPerSecond:0.00}x calls/s (target >= 0.70x)");
        Console.WriteLine($"notifier/bare, batched: {results[3].EmailsPerSecond / results[2].EmailsPerSecond:0.00}x emails/s");
        Console.WriteLine($"batching gain through the notifier: {results[3].EmailsPerSecond / results[1].EmailsPerSecond:0.0}x emails/s");
        return results.Any(r => r.Failures > 0) ? 1 : 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Child mode: run the fake, print its URL, stop when the parent closes stdin.</summary>
    private static async Task<int> ServeAsync()
    {
        await using var server = await FakeSendGridServer.StartAsync().ConfigureAwait(false);
        server.RecordRequests = false;
        Console.WriteLine(server.BaseUrl);
        await Console.In.ReadToEndAsync().ConfigureAwait(false);
        return 0;
    }

    private sealed class ChildServer : IAsyncDisposable
    {
        private readonly Process _process;

        private ChildServer(Process process, string baseUrl) => (_process, BaseUrl) = (process, baseUrl);

        public string BaseUrl { get; }

        public static async Task<ChildServer> StartAsync()
        {
            var self = Environment.ProcessPath!;
            var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                info.ArgumentList.Add(typeof(SendGridLoadCommand).Assembly.Location);
            }

            info.ArgumentList.Add("sendgrid");
            info.ArgumentList.Add("--serve");
            var process = Process.Start(info)!;
            var url = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false)
                ?? throw new InvalidOperationException("The fake SendGrid child process did not start.");
            return new ChildServer(process, url.Trim());
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}
