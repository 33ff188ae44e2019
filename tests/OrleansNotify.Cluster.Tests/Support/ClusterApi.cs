using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansNotify.Cluster.Tests.Support;

/// <summary>HTTP helpers: JSON bodies as a caller writes them, and polling with a timeout instead of sleeps.</summary>
public static class ClusterApi
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static string PickupPortal(string folder, string displayName = "Cluster portal") => new JsonObject
    {
        ["displayName"] = displayName,
        ["notifier"] = new JsonObject { ["kind"] = "pickup", ["folder"] = folder },
        ["defaults"] = new JsonObject { ["from"] = new JsonObject { ["email"] = "noreply@example.com" } },
    }.ToJsonString();

    public static string Mail(string subject = "Hello cluster") => new JsonObject
    {
        ["personalizations"] = new JsonArray(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["email"] = "to@example.com" }) }),
        ["from"] = new JsonObject { ["email"] = "sender@example.com" },
        ["subject"] = subject,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Hi" }),
    }.ToJsonString();

    public static async Task<JsonElement> SendAsync(this HttpClient client, HttpMethod method, string url, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls until <paramref name="check"/> returns a value or the timeout passes (then fails with <paramref name="what"/>).</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T?>> check, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!timeout.IsCancellationRequested)
        {
            if (await check() is { } value)
            {
                return value;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        Assert.Fail($"Timed out after {Timeout}: {what}");
        return default!;
    }

    /// <summary>Polls the message until its status is <paramref name="status"/>.</summary>
    public static Task<JsonElement?> WaitForStatusAsync(this HttpClient client, string portalId, string messageId, string status) =>
        PollAsync<JsonElement?>(async () =>
        {
            using var response = await client.GetAsync(new Uri($"/v1/portals/{portalId}/messages/{messageId}", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return view.GetProperty("status").GetString() == status ? view : null;
        }, $"message {messageId} of {portalId} reaching '{status}'");
}
