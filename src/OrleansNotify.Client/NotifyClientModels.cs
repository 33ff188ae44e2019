using OrleansNotify.Grains;

namespace OrleansNotify.Client;

/// <summary>A message the service accepted: its id and <c>queued</c>, <c>scheduled</c> or (on cancel) <c>cancelled</c>.</summary>
public sealed record MessageReceipt(string MessageId, string Status);

/// <summary>A batch the service accepted: one receipt per message, in the order they were sent.</summary>
public sealed record MessageBatchReceipt(IReadOnlyList<MessageReceipt> Messages);

/// <summary><c>GET /v1/portals</c>.</summary>
public sealed record PortalList(IReadOnlyList<PortalView> Portals);

/// <summary><c>/health/ready</c>: <c>ready</c> or why not.</summary>
public sealed record HealthStatus
{
    public required string Status { get; init; }
    public string? Error { get; init; }
    public int? MisconfiguredCount { get; init; }
    public IReadOnlyDictionary<string, string>? Misconfigured { get; init; }
}
