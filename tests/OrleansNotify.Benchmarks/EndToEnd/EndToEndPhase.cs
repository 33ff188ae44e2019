using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.Benchmarks.EndToEnd;

/// <summary>
/// One measured phase: fresh portals, one-recipient messages submitted by wrk (a separate process) for a
/// fixed time, timed until the fake SendGrid accepted every one. Process CPU is this process's: the
/// silo plus the fake SendGrid (which the bare-loop figures of the <c>sendgrid</c> command price).
/// </summary>
internal sealed class EndToEndPhase(HttpClient http, Uri siloUrl, FakeSendGridServer sendGrid, E2eOptions options)
{
    private int _run;

    public async Task<PhaseFigures> RunAsync(TimeSpan duration, bool backlog, int perRequest)
    {
        var run = Interlocked.Increment(ref _run);
        var goodKey = $"SG.bench.{Guid.NewGuid():N}";
        sendGrid.AddKey(goodKey, "mail.send");
        var portals = new List<(string Id, string Key)>();
        for (var i = 0; i < options.Portals; i++)
        {
            var id = $"e2e-{run}-{i}-{Guid.NewGuid():N}"[..24];
            await PutPortalAsync(id, backlog ? "SG.refused" : goodKey).ConfigureAwait(false);
            portals.Add((id, await CreateKeyAsync(id).ConfigureAwait(false)));
        }

        var callsBefore = sendGrid.AcceptedCalls;
        var emailsBefore = sendGrid.AcceptedPersonalizations;
        var cpu = ProcessCpu();
        var clock = Stopwatch.StartNew();
        var wrk = await WrkLoad.RunAsync(siloUrl, portals, duration, options.Connections, options.Threads, perRequest).ConfigureAwait(false);
        var acceptSeconds = clock.Elapsed.TotalSeconds;
        var acceptCpu = ProcessCpu() - cpu;
        if (backlog)
        {
            await WaitQueuedAsync(portals, wrk.Accepted).ConfigureAwait(false);
            acceptCpu = ProcessCpu() - cpu;
            cpu = ProcessCpu();
            clock.Restart();
            await Task.WhenAll(portals.Select(p => PutPortalAsync(p.Id, goodKey))).ConfigureAwait(false);
        }

        await sendGrid.WaitForAcceptedPersonalizationsAsync(emailsBefore + wrk.Accepted, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var deliverCpu = ProcessCpu() - cpu;
        return new PhaseFigures(wrk.Accepted, sendGrid.AcceptedCalls - callsBefore, elapsed, wrk.Accepted / acceptSeconds,
            acceptCpu.TotalMicroseconds / Math.Max(1, wrk.Accepted), deliverCpu.TotalMicroseconds / Math.Max(1, wrk.Accepted), wrk);
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private async Task PutPortalAsync(string id, string apiKey)
    {
        var body = new JsonObject
        {
            ["notifier"] = new JsonObject { ["kind"] = "sendgrid", ["apiKey"] = apiKey, ["baseUrl"] = sendGrid.BaseUrl },
            ["throttle"] = new JsonObject { ["perSecond"] = 100_000, ["burst"] = 100_000, ["maxConcurrency"] = 16 },
        }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/v1/portals/{id}", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EndToEndSilo.AdminKey);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> CreateKeyAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/portals/{id}/keys", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EndToEndSilo.AdminKey);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return json.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>Polls the portals until their queues hold every accepted message (they crossed the stream).</summary>
    private async Task WaitQueuedAsync(List<(string Id, string Key)> portals, long count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            long queued = 0;
            foreach (var (id, _) in portals)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/portals/{id}", UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EndToEndSilo.AdminKey);
                using var response = await http.SendAsync(request).ConfigureAwait(false);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                queued += json.RootElement.GetProperty("status").GetProperty("queued").GetInt32();
            }

            if (queued >= count)
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"the portals did not queue {count} messages");
    }
}
