using System.Text.Json.Nodes;
using OrleansNotify.Events;

namespace OrleansNotify.Benchmarks.Events;

/// <summary>The event and template every events benchmark uses: a video.published with a small data object.</summary>
internal static class BenchEvents
{
    public static readonly EventTemplate Template = new()
    {
        Subject = "New video: {{title}}",
        Html = "<p>Hello {{owner.name}},</p><p>{{title}} is online.</p>{{#if tags}}<ul>{{#each tags}}<li>{{this}}</li>{{/each}}</ul>{{/if}}",
        Text = "Hello {{owner.name}}, {{title}} is online.",
    };

    public const string Data = """{"title":"Tom & Jerry <3","owner":{"name":"Zoë Ünal","email":"zoe@example.com"},"tags":["cartoon","classic"]}""";

    public static JsonObject Json(string portalId, string eventId) => new()
    {
        ["id"] = eventId,
        ["portalId"] = portalId,
        ["type"] = "video.published",
        ["occurredAt"] = "2026-11-24T12:00:00Z",
        ["data"] = JsonNode.Parse(Data),
    };
}
