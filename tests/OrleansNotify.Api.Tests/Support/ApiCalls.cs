using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansNotify.Api.Tests.Support;

/// <summary>Small HTTP helpers; bodies are written as JSON text, as a caller of the API would.</summary>
public static class ApiCalls
{
    public static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(20);

    public static string NewPortalId(string prefix = "p") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static string PickupPortal(string folder, string displayName = "Test portal") => new JsonObject
    {
        ["displayName"] = displayName,
        ["notifier"] = new JsonObject { ["kind"] = "pickup", ["folder"] = folder },
        ["defaults"] = new JsonObject
        {
            ["from"] = new JsonObject { ["email"] = "noreply@example.com", ["name"] = "Example" },
            ["categories"] = new JsonArray("Primary"),
        },
    }.ToJsonString();

    /// <summary>A small valid mail/send body; <paramref name="sendAt"/> is Unix seconds.</summary>
    public static string Mail(string to = "to@example.com", long? sendAt = null, string subject = "Hello")
    {
        var mail = new JsonObject
        {
            ["personalizations"] = new JsonArray(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["email"] = to }) }),
            ["from"] = new JsonObject { ["email"] = "sender@example.com" },
            ["subject"] = subject,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Hi there" }),
        };
        if (sendAt is not null)
        {
            mail["send_at"] = sendAt;
        }

        return mail.ToJsonString();
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(new Uri(url, UriKind.Relative), Json(json));

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = Json(json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Fails with the body when the status is not the expected one.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The <c>field</c> of every error in SendGrid's error shape.</summary>
    public static IReadOnlyList<string?> ErrorFields(this JsonElement body) =>
        body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToArray();

    public static async Task<(string PortalId, string Folder)> CreatePickupPortalAsync(this SiloFixture silo, string prefix = "p")
    {
        var portalId = NewPortalId(prefix);
        var folder = Path.Combine(silo.PickupRoot, portalId);
        var response = await silo.Admin.PutJsonAsync($"/v1/portals/{portalId}", PickupPortal(folder));
        await response.ExpectAsync(HttpStatusCode.Created);
        return (portalId, folder);
    }

    public static async Task<string> CreateKeyAsync(this SiloFixture silo, string portalId)
    {
        var body = await (await silo.Admin.PostAsync(new Uri($"/v1/portals/{portalId}/keys", UriKind.Relative), null))
            .ExpectAsync(HttpStatusCode.Created);
        return body.GetProperty("key").GetString()!;
    }

    /// <summary>Submits and returns the message id from the 202.</summary>
    public static async Task<string> SubmitAsync(this HttpClient client, string portalId, string mail, string? idempotencyKey = null)
    {
        var body = await (await client.PostJsonAsync($"/v1/portals/{portalId}/messages", mail, idempotencyKey))
            .ExpectAsync(HttpStatusCode.Accepted);
        return body.GetProperty("messageId").GetString()!;
    }

    /// <summary>Polls the message until it reaches <paramref name="status"/>; fails with the last view on timeout.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, string portalId, string messageId, string status)
    {
        using var timeout = new CancellationTokenSource(StatusTimeout);
        var last = "";
        while (!timeout.IsCancellationRequested)
        {
            using var response = await client.GetAsync(new Uri($"/v1/portals/{portalId}/messages/{messageId}", UriKind.Relative));
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var view = JsonDocument.Parse(last).RootElement.Clone();
                if (view.GetProperty("status").GetString() == status)
                {
                    return view;
                }
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"Message {messageId} did not reach '{status}' within {StatusTimeout}; last: {last}");
        return default;
    }

    public static string[] EmlFiles(string folder, string messageId) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, $"{messageId}-*.eml") : [];
}
