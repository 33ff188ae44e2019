using OrleansNotify.Events;

namespace OrleansNotify.Grains.Events;

/// <summary>A portal's rules and template versions (grain state; changed by admins, rarely).</summary>
[GenerateSerializer]
public sealed class PortalEventsState
{
    [Id(0)] public Dictionary<string, EventRule> Rules { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Every version of every template, oldest first.</summary>
    [Id(1)] public Dictionary<string, List<TemplateVersion>> Templates { get; set; } = new(StringComparer.Ordinal);
}
