using OrleansNotify.Grains;

namespace OrleansNotify.Api.Json;

/// <summary>202 of <c>POST /v1/portals/{portalId}/messages</c>: status is <c>queued</c> or <c>scheduled</c>.</summary>
public sealed record AcceptedMessage(string MessageId, string Status);

/// <summary>200 of a cancellation.</summary>
public sealed record CancelledMessage(string MessageId, string Status);

/// <summary><c>GET /v1/portals</c>: every portal, secrets masked.</summary>
public sealed record PortalList(IReadOnlyList<PortalView> Portals);

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c>. The misconfigured portals (id → reason) are listed to
/// admin callers only; anonymous probes see their count.
/// </summary>
public sealed record HealthReport
{
    public required string Status { get; init; }
    public string? Error { get; init; }
    public int? MisconfiguredCount { get; init; }
    public IReadOnlyDictionary<string, string>? Misconfigured { get; init; }
}
