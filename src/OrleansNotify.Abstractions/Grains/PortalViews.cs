using OrleansNotify.Portals;

namespace OrleansNotify.Grains;

/// <summary>A portal as the API shows it: configuration with secrets masked, key ids, status.</summary>
[GenerateSerializer, Immutable]
public sealed record PortalView
{
    [Id(0)] public required string PortalId { get; init; }
    [Id(1)] public required PortalConfig Config { get; init; }
    [Id(2)] public IReadOnlyList<string> KeyIds { get; init; } = [];
    [Id(3)] public PortalStatus? Status { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record PortalStatus
{
    [Id(0)] public int Queued { get; init; }
    [Id(1)] public int Scheduled { get; init; }
    [Id(2)] public int InFlight { get; init; }
    /// <summary>The provider asked us to slow down until then (e.g. SendGrid's X-RateLimit-Reset).</summary>
    [Id(3)] public DateTimeOffset? PausedUntil { get; init; }
    /// <summary>Why sending is stopped for a configuration problem (bad key, missing scope), or null.</summary>
    [Id(4)] public string? Misconfigured { get; init; }
    [Id(5)] public int SentToday { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record CreatedPortalKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Key);

/// <summary>What accepting a message needs to know about the portal.</summary>
[GenerateSerializer, Immutable]
public sealed record PortalSubmitInfo(
    [property: Id(0)] bool HasDefaultFrom,
    [property: Id(1)] string NotifierKind);

public enum CancelResult
{
    Cancelled,
    NotFound,
    /// <summary>Already sending or in a final state.</summary>
    TooLate,
}
