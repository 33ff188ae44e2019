using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;

namespace OrleansNotify.Events.Tests.Support;

/// <summary>HTTP helpers; bodies are JSON text as a caller writes them.</summary>
public static class EventCalls
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

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

    public static Task<JsonElement> PutAsync(this HttpClient client, string url, string json, HttpStatusCode expected) =>
        client.SendAsync(HttpMethod.Put, url, json, expected);

    public static Task<JsonElement> PostAsync(this HttpClient client, string url, string json, HttpStatusCode expected) =>
        client.SendAsync(HttpMethod.Post, url, json, expected);

    public static IReadOnlyList<string?> ErrorFields(this JsonElement body) =>
        body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToArray();

    /// <summary>A pickup portal (one .eml per email under the silo's pickup root) with a default sender.</summary>
    public static async Task<(string PortalId, string Folder)> CreatePickupPortalAsync(this EventsSilo silo)
    {
        var portalId = NewId("ev");
        var folder = Path.Combine(silo.PickupRoot, portalId);
        await silo.Admin.PutAsync($"/v1/portals/{portalId}", new JsonObject
        {
            ["displayName"] = "Events portal",
            ["notifier"] = new JsonObject { ["kind"] = "pickup", ["folder"] = folder },
            ["defaults"] = new JsonObject { ["from"] = new JsonObject { ["email"] = "noreply@example.com" } },
        }.ToJsonString(), HttpStatusCode.Created);
        return (portalId, folder);
    }

    public static async Task<string> CreateSendGridPortalAsync(this EventsSilo silo, string baseUrl, string apiKey)
    {
        var portalId = NewId("sg");
        await silo.Admin.PutAsync($"/v1/portals/{portalId}", new JsonObject
        {
            ["displayName"] = "SendGrid events portal",
            ["notifier"] = new JsonObject { ["kind"] = "sendgrid", ["apiKey"] = apiKey, ["baseUrl"] = baseUrl },
            ["defaults"] = new JsonObject { ["from"] = new JsonObject { ["email"] = "noreply@example.com" } },
        }.ToJsonString(), HttpStatusCode.Created);
        return portalId;
    }

    /// <summary>The video.published template and rule used across tests: recipients at data.owner.email.</summary>
    public static async Task AddVideoRuleAsync(this EventsSilo silo, string portalId)
    {
        await silo.Admin.PutAsync($"/v1/portals/{portalId}/templates/video", VideoTemplate, HttpStatusCode.Created);
        await silo.Admin.PutAsync($"/v1/portals/{portalId}/rules/video.published",
            """{ "templateId": "video", "recipients": "data.owner.email" }""", HttpStatusCode.Created);
    }

    public const string VideoTemplate = """
        {
          "subject": "New video: {{title}}",
          "html": "<p>{{title}} by {{owner.name}}</p>{{#if tags}}<ul>{{#each tags}}<li>{{this}}</li>{{/each}}</ul>{{/if}}",
          "text": "{{title}} by {{owner.name}}"
        }
        """;

    public static JsonObject VideoEvent(string eventId, string portalId, string title = "Tom & Jerry <3", string email = "zoe@example.com") => new()
    {
        ["id"] = eventId,
        ["portalId"] = portalId,
        ["type"] = "video.published",
        ["occurredAt"] = "2026-11-24T12:00:00Z",
        ["data"] = new JsonObject
        {
            ["title"] = title,
            ["owner"] = new JsonObject { ["name"] = "Zoë Ünal", ["email"] = email },
            ["tags"] = new JsonArray("cartoon", "classic"),
        },
    };

    /// <summary>The .eml files of one message; polls until at least one exists.</summary>
    public static async Task<string[]> WaitForEmlAsync(string folder, string messageId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, $"{messageId}-*.eml") : [];
            if (files.Length > 0)
            {
                return files;
            }

            Assert.False(timeout.IsCancellationRequested, $"No .eml for message {messageId} in {folder} within {Timeout}.");
            await Task.Delay(25, CancellationToken.None);
        }
    }

    /// <summary>Polls until <paramref name="count"/> distinct messages have .eml files; returns their ids.</summary>
    public static async Task<HashSet<string>> WaitForMessagesAsync(string folder, int count, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var ids = MessageIdsIn(folder);
            if (ids.Count >= count)
            {
                return ids;
            }

            Assert.True(clock.Elapsed < timeout, $"{ids.Count} of {count} messages reached {folder} within {timeout}.");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    public static HashSet<string> MessageIdsIn(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*.eml").Select(f => Path.GetFileName(f).Split('-')[0]).ToHashSet(StringComparer.Ordinal)
        : [];

    public static MimeMessage Load(string path) => MimeMessage.Load(path);
}
