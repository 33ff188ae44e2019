using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansNotify.Benchmarks.Load;

/// <summary>The admin calls of the HTTP API (issue 4): create a portal, issue its key, read its status, delete it.</summary>
internal sealed class NotifyClient(HttpClient http, Uri baseUrl, string adminKey)
{
    public HttpClient Http => http;

    public Uri MessagesUri(string portalId) => new(baseUrl, $"/v1/portals/{portalId}/messages");

    public async Task PutPortalAsync(string portalId, JsonNode notifier, LoadOptions options, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["displayName"] = $"Load test {portalId}",
            ["notifier"] = notifier.DeepClone(),
            ["defaults"] = new JsonObject
            {
                ["from"] = new JsonObject { ["email"] = "load@example.com", ["name"] = "Load tool" },
                ["deliveryImportance"] = "normal",
            },
            ["throttle"] = new JsonObject
            {
                ["perSecond"] = options.PerSecond,
                ["burst"] = (int)Math.Max(1, Math.Min(options.PerSecond, 100_000)),
                ["maxConcurrency"] = options.MaxConcurrency,
                ["dailyQuota"] = null,
            },
        };
        using var response = await SendAsync(HttpMethod.Put, $"/v1/portals/{portalId}", body, cancellationToken);
        await EnsureAsync(response, "PUT portal", cancellationToken);
    }

    /// <summary>POST /v1/portals/{id}/keys → the portal key that sends its messages.</summary>
    public async Task<string> CreateKeyAsync(string portalId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v1/portals/{portalId}/keys", null, cancellationToken);
        await EnsureAsync(response, "POST key", cancellationToken);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return doc.RootElement.GetProperty("key").GetString() ?? throw new InvalidOperationException("The key reply has no key.");
    }

    /// <summary>GET /v1/portals/{id} → status (sentToday, queued, inFlight), or null when the API reports no status.</summary>
    public async Task<PortalProgress?> GetProgressAsync(string portalId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/portals/{portalId}", null, cancellationToken);
        await EnsureAsync(response, "GET portal", cancellationToken);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        if (!doc.RootElement.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new PortalProgress(Int(status, "sentToday"), Int(status, "queued") + Int(status, "scheduled"), Int(status, "inFlight"));
    }

    public async Task DeletePortalAsync(string portalId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/v1/portals/{portalId}", null, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.NotFound))
        {
            await EnsureAsync(response, "DELETE portal", cancellationToken);
        }
    }

    private static int Int(JsonElement status, string name) =>
        status.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request, cancellationToken);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}"));
        }
    }
}

/// <summary>One portal's counters as GET /v1/portals/{id} shows them.</summary>
internal readonly record struct PortalProgress(int Sent, int Waiting, int InFlight);
