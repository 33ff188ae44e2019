using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansNotify.Events;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Events;

/// <summary>The 202 of <c>POST /events</c>: one result per event, in request order.</summary>
public sealed record EventResults(IReadOnlyList<EventResult> Results);

/// <summary>A rule as the API shows it; <c>recipients</c> is a path string or a list of addresses.</summary>
public sealed record RuleView(
    string Type, string? TemplateId, string? SendGridTemplateId, JsonElement? Recipients,
    EmailAddress? From, IReadOnlyList<string>? Categories);

public sealed record TemplateView(
    string TemplateId, int Version, string? Subject, string? Html, string? Text, DateTimeOffset CreatedAt);

public sealed record TemplateSaved(string TemplateId, int Version);

public sealed record EventLogView(IReadOnlyList<EventLogEntry> Events);

/// <summary>Source-generated JSON for the event endpoints (camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventResults))]
[JsonSerializable(typeof(RuleView))]
[JsonSerializable(typeof(TemplateView))]
[JsonSerializable(typeof(TemplateSaved))]
[JsonSerializable(typeof(EventLogView))]
[JsonSerializable(typeof(EventLogEntry))]
[JsonSerializable(typeof(RenderedEmail))]
[JsonSerializable(typeof(EventTemplate))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
public sealed partial class EventsApiJsonContext : JsonSerializerContext;
