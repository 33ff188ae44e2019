using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.Benchmarks.EndToEnd;

/// <summary>One measured phase: fresh portals, one-recipient messages spread over them, timed until the fake accepted all.</summary>
internal sealed class EndToEndPhase(HttpClient http, FakeSendGridServer sendGrid, int portalCount, int concurrency)
{
    private int _run;

    public async Task<PhaseFigures> RunAsync(string name, int messages, bool backlog)
    {
        var run = Interlocked.Increment(ref _run);
        var goodKey = $"SG.bench.{Guid.NewGuid():N}";
        sendGrid.AddKey(goodKey, "mail.send");
        var portals = new List<(string Id, AuthenticationHeaderValue Auth)>();
        for (var i = 0; i < portalCount; i++)
        {
            var id = $"e2e-{run}-{i}-{Guid.NewGuid():N}"[..24];
            await PutPortalAsync(id, backlog ? "SG.refused" : goodKey).ConfigureAwait(false);
            portals.Add((id, new AuthenticationHeaderValue("Bearer", await CreateKeyAsync(id).ConfigureAwait(false))));
        }

        var callsBefore = sendGrid.AcceptedCalls;
        var emailsBefore = sendGrid.AcceptedPersonalizations;
        var clock = Stopwatch.StartNew();
        await SubmitAsync(portals, messages).ConfigureAwait(false);
        var acceptedPerSecond = messages / clock.Elapsed.TotalSeconds;
        if (backlog)
        {
            foreach (var (id, _) in portals)
            {
                await WaitQueuedAsync(id, messages / portalCount).ConfigureAwait(false);
            }

            clock.Restart();
            await Task.WhenAll(portals.Select(p => PutPortalAsync(p.Id, goodKey))).ConfigureAwait(false);
        }

        await sendGrid.WaitForAcceptedPersonalizationsAsync(emailsBefore + messages, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        return new PhaseFigures(messages, sendGrid.AcceptedCalls - callsBefore, clock.Elapsed, acceptedPerSecond);
    }

    private async Task SubmitAsync(List<(string Id, AuthenticationHeaderValue Auth)> portals, int messages)
    {
        var next = -1;
        await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), async (_, ct) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages)
            {
                var (id, auth) = portals[i % portals.Count];
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/portals/{id}/messages", UriKind.Relative))
                {
                    Content = new StringContent(Mail(i), Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = auth;
                using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"submit: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
                }
            }
        }).ConfigureAwait(false);
    }

    private static string Mail(int i) =>
        $$"""{"personalizations":[{"to":[{"email":"user{{i}}@example.com"}]}],"from":{"email":"shop@example.com"},"subject":"Your order","content":[{"type":"text/plain","value":"Thank you for your order."}]}""";

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

    /// <summary>Polls the portal until its queue holds every message (they crossed the stream).</summary>
    private async Task WaitQueuedAsync(string id, int count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/portals/{id}", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EndToEndSilo.AdminKey);
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            if (json.RootElement.GetProperty("status").GetProperty("queued").GetInt32() >= count)
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"portal {id} did not queue {count} messages");
    }
}
