using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace OrleansNotify.Benchmarks.Load;

/// <summary>
/// N workers, each on its own keep-alive HTTP/1.1 connection, POST the same small message round-robin
/// to the portals until the count is reached. Latency is from the first attempt to the 202, so a
/// back-pressure retry (503/429 with Retry-After) counts against it, as a caller would feel it.
/// </summary>
internal sealed class AcceptLoad(HttpClient http, IReadOnlyList<LoadPortal> portals, byte[] body)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    public async Task<AcceptResult> RunAsync(int messages, int concurrency, CancellationToken cancellationToken)
    {
        var next = -1;
        var failures = new ConcurrentDictionary<int, int>();
        var firstFailure = (string?)null;
        var retries = 0;
        var started = Stopwatch.GetTimestamp();

        async Task<List<long>> WorkerAsync()
        {
            var latencies = new List<long>(messages / concurrency + 1);
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages && !cancellationToken.IsCancellationRequested)
            {
                var portal = portals[i % portals.Count];
                var begin = Stopwatch.GetTimestamp();
                while (true)
                {
                    using var response = await PostAsync(portal, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        latencies.Add(Stopwatch.GetTimestamp() - begin);
                        break;
                    }

                    if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                    {
                        Interlocked.Increment(ref retries);
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(50);
                        await Task.Delay(wait < MaxBackoff ? wait : MaxBackoff, cancellationToken);
                        continue;
                    }

                    failures.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}", null);
                    break;
                }
            }

            return latencies;
        }

        var workers = new Task<List<long>>[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(WorkerAsync, cancellationToken);
        }

        var all = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var merged = all.SelectMany(l => l).ToArray();
        Array.Sort(merged);
        return new AcceptResult(merged, elapsed, retries, failures.ToDictionary(), firstFailure);
    }

    private async Task<HttpResponseMessage> PostAsync(LoadPortal portal, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, portal.MessagesUri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        request.Headers.Authorization = portal.Authorization;
        return await http.SendAsync(request, cancellationToken);
    }
}

/// <summary>A portal of the run with its key, ready to post.</summary>
internal sealed record LoadPortal(string PortalId, Uri MessagesUri, AuthenticationHeaderValue Authorization);

/// <summary>What the accept phase measured; latencies are sorted Stopwatch ticks.</summary>
internal sealed record AcceptResult(long[] Latencies, TimeSpan Elapsed, int Retries, Dictionary<int, int> Failures, string? FirstFailure)
{
    public int Accepted => Latencies.Length;

    public double PerSecond => Accepted / Elapsed.TotalSeconds;

    public TimeSpan Percentile(double p) => Latencies.Length == 0
        ? TimeSpan.Zero
        : Stopwatch.GetElapsedTime(0, Latencies[Math.Clamp((int)Math.Ceiling(p * Latencies.Length) - 1, 0, Latencies.Length - 1)]);
}
