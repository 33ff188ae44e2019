using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Api.Tracking;

namespace OrleansNotify.Tracking.Tests.Support;

/// <summary>HTTP helpers for the tracking tests; bodies are JSON text as SendGrid and callers write them.</summary>
public static class TrackingCalls
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string NewPortalId(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>A pickup portal (emails become .eml files) with the given webhook settings.</summary>
    public static async Task<(string PortalId, string Folder)> CreatePortalAsync(this TrackingSilo silo, string? publicKey = null,
        bool allowUnsigned = false, int maxAgeSeconds = 600)
    {
        var portalId = NewPortalId();
        var folder = Path.Combine(silo.PickupRoot, portalId);
        var config = new JsonObject
        {
            ["notifier"] = new JsonObject { ["kind"] = "pickup", ["folder"] = folder },
            ["defaults"] = new JsonObject { ["from"] = new JsonObject { ["email"] = "noreply@example.com" } },
            ["webhook"] = new JsonObject { ["publicKey"] = publicKey, ["allowUnsigned"] = allowUnsigned, ["maxAgeSeconds"] = maxAgeSeconds },
        };
        using var response = await silo.Admin.PutAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative), Json(config.ToJsonString()));
        await response.ExpectAsync(HttpStatusCode.Created);
        return (portalId, folder);
    }

    /// <summary>A SendGrid-shaped event object; custom args are top-level fields.</summary>
    public static JsonObject Event(string id, string type, long timestamp, string? messageId = null, string? portalId = null,
        string email = "to@example.com", string? sgMessageId = null, JsonNode? category = null)
    {
        var e = new JsonObject { ["email"] = email, ["timestamp"] = timestamp, ["event"] = type, ["sg_event_id"] = id };
        if (sgMessageId is not null)
        {
            e["sg_message_id"] = sgMessageId;
        }

        if (category is not null)
        {
            e["category"] = category;
        }

        if (messageId is not null)
        {
            e["notify_message_id"] = messageId;
        }

        if (portalId is not null)
        {
            e["notify_portal_id"] = portalId;
        }

        return e;
    }

    public static byte[] Body(params JsonObject[] events) => Encoding.UTF8.GetBytes(new JsonArray(events).ToJsonString());

    public static Task<HttpResponseMessage> PostWebhookAsync(this TrackingSilo silo, string portalId, byte[] body,
        string? signature = null, string? timestamp = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/webhooks/sendgrid/{portalId}", UriKind.Relative))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };

        // Large uploads ask first, as HTTP clients do: a server that refuses by Content-Length (413) then
        // answers before the body is sent, instead of closing the connection under a client still writing
        // (the test saw a broken pipe instead of the 413).
        request.Headers.ExpectContinue = body.Length > 1024 * 1024;
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, signature);
        }

        if (timestamp is not null)
        {
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        }

        return silo.Anonymous.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostSignedAsync(this TrackingSilo silo, string portalId, WebhookSigner signer, byte[] body)
    {
        var timestamp = WebhookSigner.Timestamp(TimeProvider.System.GetUtcNow());
        return silo.PostWebhookAsync(portalId, body, signer.Sign(timestamp, body), timestamp);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return await response.ExpectAsync(status);
    }

    /// <summary>Polls <paramref name="url"/> until <paramref name="done"/> holds; fails with the last body on timeout.</summary>
    public static async Task<JsonElement> PollAsync(this HttpClient client, string url, Func<JsonElement, bool> done)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var last = "";
        while (!timeout.IsCancellationRequested)
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && done(JsonDocument.Parse(last).RootElement))
            {
                return JsonDocument.Parse(last).RootElement.Clone();
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"{url} did not reach the expected state within {Timeout}; last: {last}");
        return default;
    }

    /// <summary>The sum of one metric over every bucket of a stats answer.</summary>
    public static long Sum(JsonElement stats, string metric) =>
        stats.GetProperty("stats").EnumerateArray().Sum(b => b.GetProperty("metrics").GetProperty(metric).GetInt64());

    public static string Field(this JsonElement error) => error.GetProperty("errors")[0].GetProperty("field").GetString() ?? "";

    /// <summary>Stats of the last few days (tests post events stamped around now) unless a query is given.</summary>
    public static string StatsUrl(string portalId, string? query = null)
    {
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        return $"/v1/portals/{portalId}/stats?{query ?? $"from={today.AddDays(-3):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}"}";
    }

    public static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
}
