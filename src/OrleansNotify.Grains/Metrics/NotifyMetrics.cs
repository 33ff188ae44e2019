using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansNotify.Grains.Metrics;

/// <summary>
/// The service's counters on the "OrleansNotify" meter, and the per-portal queue depth the portal
/// grains report here (a DI singleton) for the observable gauge.
/// </summary>
public sealed class NotifyMetrics : IDisposable
{
    public const string MeterName = "OrleansNotify";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, int> _depths = new(StringComparer.Ordinal);
    private readonly Counter<long> _queued;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _throttled;

    public NotifyMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _queued = _meter.CreateCounter<long>("notify.messages.queued", "{message}", "Messages accepted into a portal queue.");
        _sent = _meter.CreateCounter<long>("notify.messages.sent", "{message}", "Messages the provider accepted.");
        _failed = _meter.CreateCounter<long>("notify.messages.failed", "{message}", "Messages that ended failed.");
        _retried = _meter.CreateCounter<long>("notify.messages.retried", "{message}", "Transient failures scheduled for another attempt.");
        _throttled = _meter.CreateCounter<long>("notify.messages.throttled", "{message}", "Sends held back by a portal throttle or a provider rate limit.");
        _meter.CreateObservableGauge("notify.queue.depth", ObserveDepths, "{message}", "Messages waiting in each portal's queue.");
    }

    public void Queued(string portalId, int count = 1) => _queued.Add(count, Tag(portalId));
    public void Sent(string portalId) => _sent.Add(1, Tag(portalId));
    public void Failed(string portalId) => _failed.Add(1, Tag(portalId));
    public void Retried(string portalId) => _retried.Add(1, Tag(portalId));
    public void Throttled(string portalId, int count = 1) => _throttled.Add(count, Tag(portalId));

    public void SetDepth(string portalId, int depth) => _depths[portalId] = depth;

    public void RemoveDepth(string portalId) => _depths.TryRemove(portalId, out _);

    public int? DepthOf(string portalId) => _depths.TryGetValue(portalId, out var depth) ? depth : null;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveDepths() =>
        _depths.Select(pair => new Measurement<int>(pair.Value, Tag(pair.Key)));

    private static KeyValuePair<string, object?> Tag(string portalId) => new("portal.id", portalId);
}
