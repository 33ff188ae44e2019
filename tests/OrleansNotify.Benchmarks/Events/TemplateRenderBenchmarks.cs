using BenchmarkDotNet.Attributes;
using OrleansNotify.Events;
using OrleansNotify.Grains.Events;
using OrleansNotify.Portals;
using OrleansNotify.Grains;
using OrleansNotify.Templates;

namespace OrleansNotify.Benchmarks.Events;

/// <summary>
/// Per-message cost of an event: rendering the cached template (subject, html, text), and the whole
/// build (recipients, render, mail/send validation, JSON body) that the event grain does per message.
/// </summary>
[MemoryDiagnoser]
public class TemplateRenderBenchmarks
{
    private readonly HandlebarsTemplateRenderer _renderer = new();
    private readonly NotifyEvent _event = new()
    {
        Id = "e1", PortalId = "bench", Type = "video.published", OccurredAt = DateTimeOffset.UnixEpoch, Data = BenchEvents.Data,
    };

    private readonly EventRule _rule = new() { TemplateId = "video", RecipientsPath = "data.owner.email" };
    private PortalEventConfig _config = null!;

    [GlobalSetup]
    public void Setup()
    {
        var version = new TemplateVersion("video", 1, BenchEvents.Template, DateTimeOffset.UnixEpoch);
        _config = new PortalEventConfig(new Dictionary<string, EventRule> { ["video.published"] = _rule }, new Dictionary<string, TemplateVersion> { ["video"] = version });
        _renderer.Render(EventMessageBuilder.CacheKey("bench", version), version.Template, BenchEvents.Data);
    }

    [Benchmark(Baseline = true)]
    public RenderedEmail Render() => _renderer.Render("bench\nvideo\n1", BenchEvents.Template, BenchEvents.Data);

    [Benchmark]
    public EventBuild BuildMessage() =>
        EventMessageBuilder.Build(_event, _rule, _config, new PortalSubmitInfo(true, NotifierKinds.Pickup), _renderer, DateTimeOffset.UnixEpoch);
}
