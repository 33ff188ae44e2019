using OrleansNotify.Events;

namespace OrleansNotify.Grains.Events;

/// <summary>Rules, versioned templates and the event log of one portal (key = portal id).</summary>
public sealed class PortalEventsGrain(
    [PersistentState("events", NotifyNames.PortalStorage)] IPersistentState<PortalEventsState> state,
    ITemplateRenderer renderer,
    TimeProvider time)
    : Grain, IPortalEventsGrain
{
    /// <summary>Events kept in the in-memory log per portal.</summary>
    public const int LogCapacity = 10_000;

    private readonly EventLog _log = new(LogCapacity);
    private PortalEventConfig? _config;

    public Task<EventRule?> GetRuleAsync(string eventType) =>
        Task.FromResult(state.State.Rules.GetValueOrDefault(eventType));

    public async Task<bool> PutRuleAsync(string eventType, EventRule rule)
    {
        var created = !state.State.Rules.ContainsKey(eventType);
        state.State.Rules[eventType] = rule;
        await SaveAsync();
        return created;
    }

    public async Task<bool> DeleteRuleAsync(string eventType)
    {
        if (!state.State.Rules.Remove(eventType))
        {
            return false;
        }

        await SaveAsync();
        return true;
    }

    public Task<TemplateVersion?> GetTemplateAsync(string templateId, int? version = null)
    {
        var versions = state.State.Templates.GetValueOrDefault(templateId);
        var found = versions is null ? null
            : version is int v ? versions.Find(t => t.Version == v)
            : versions[^1];
        return Task.FromResult(found);
    }

    public async Task<TemplatePutResult> PutTemplateAsync(string templateId, EventTemplate template)
    {
        var errors = renderer.Check(template);
        if (errors.Count > 0)
        {
            return new TemplatePutResult(0, errors);
        }

        if (!state.State.Templates.TryGetValue(templateId, out var versions))
        {
            state.State.Templates[templateId] = versions = [];
        }

        var version = versions.Count == 0 ? 1 : versions[^1].Version + 1;
        versions.Add(new TemplateVersion(templateId, version, template, time.GetUtcNow()));
        await SaveAsync();
        return new TemplatePutResult(version, []);
    }

    public Task<RenderedEmail?> PreviewAsync(string templateId, string sampleData)
    {
        var versions = state.State.Templates.GetValueOrDefault(templateId);
        if (versions is null)
        {
            return Task.FromResult<RenderedEmail?>(null);
        }

        var newest = versions[^1];
        return Task.FromResult<RenderedEmail?>(renderer.Render(CacheKey(newest), newest.Template, sampleData));
    }

    public Task<PortalEventConfig> GetConfigAsync() => Task.FromResult(_config ??= new PortalEventConfig(
        new Dictionary<string, EventRule>(state.State.Rules, StringComparer.Ordinal),
        state.State.Templates.ToDictionary(t => t.Key, t => t.Value[^1], StringComparer.Ordinal)));

    public Task RecordAsync(IReadOnlyList<EventLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            _log.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<EventLogEntry?> GetLogEntryAsync(string eventId) => Task.FromResult(_log.Get(eventId));

    public Task<IReadOnlyList<EventLogEntry>> GetLogAsync(int limit) => Task.FromResult(_log.Newest(Math.Clamp(limit, 1, LogCapacity)));

    /// <summary>Versions never change, so (portal, id, version) names one compiled template for good.</summary>
    public string CacheKey(TemplateVersion template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return EventMessageBuilder.CacheKey(this.GetPrimaryKeyString(), template);
    }

    private async Task SaveAsync()
    {
        _config = null;
        await state.WriteStateAsync();
    }
}
