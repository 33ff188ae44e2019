using Orleans.Concurrency;

namespace OrleansNotify.Events;

/// <summary>
/// A portal's event configuration (key = portal id): rules per event type, versioned templates, and
/// the recent event log. Rules and templates are grain state; the log is kept in memory (bounded).
/// </summary>
public interface IPortalEventsGrain : IGrainWithStringKey
{
    [AlwaysInterleave] Task<EventRule?> GetRuleAsync(string eventType);

    /// <summary>Creates or replaces the rule (validated by the caller). True when created.</summary>
    Task<bool> PutRuleAsync(string eventType, EventRule rule);

    Task<bool> DeleteRuleAsync(string eventType);

    /// <summary>The newest version, or the given one; null when absent.</summary>
    [AlwaysInterleave] Task<TemplateVersion?> GetTemplateAsync(string templateId, int? version = null);

    /// <summary>Compiles and stores a new version; compile errors leave everything unchanged.</summary>
    Task<TemplatePutResult> PutTemplateAsync(string templateId, EventTemplate template);

    /// <summary>Renders the newest version with sample data; null when the template does not exist.</summary>
    [AlwaysInterleave] Task<RenderedEmail?> PreviewAsync(string templateId, string sampleData);

    /// <summary>Rules and newest templates in one immutable copy, for the event processors.</summary>
    [AlwaysInterleave] Task<PortalEventConfig> GetConfigAsync();

    Task RecordAsync(IReadOnlyList<EventLogEntry> entries);

    [AlwaysInterleave] Task<EventLogEntry?> GetLogEntryAsync(string eventId);

    /// <summary>Newest first.</summary>
    [AlwaysInterleave] Task<IReadOnlyList<EventLogEntry>> GetLogAsync(int limit);
}

[GenerateSerializer, Immutable]
public sealed record TemplatePutResult(
    [property: Id(0)] int Version,
    [property: Id(1)] IReadOnlyList<TemplateError> Errors);

[GenerateSerializer, Immutable]
public sealed record PortalEventConfig(
    [property: Id(0)] IReadOnlyDictionary<string, EventRule> Rules,
    [property: Id(1)] IReadOnlyDictionary<string, TemplateVersion> Templates);

/// <summary>
/// Turns events into messages ([StatelessWorker]): applies the portal's rules, renders templates and
/// submits the messages through <c>IIntakeGrain</c>. Completes when every accepted event's messages
/// are on the stream, so RabbitMQ acknowledges only then.
/// </summary>
public interface IEventIntakeGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<EventResult>> ProcessAsync(IReadOnlyList<NotifyEvent> events);
}
