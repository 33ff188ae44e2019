namespace OrleansNotify.Portals;

/// <summary>How fast a portal may send: a token bucket, a concurrency cap and a daily quota.</summary>
[GenerateSerializer, Immutable]
public sealed record ThrottleSettings
{
    /// <summary>Sustained emails per second (tokens added per second). Default 100.</summary>
    [Id(0)] public double PerSecond { get; init; } = 100;
    /// <summary>Bucket size: how many may leave at once after a quiet spell. Default 200.</summary>
    [Id(1)] public int Burst { get; init; } = 200;
    /// <summary>Sends in flight at once. Default 8.</summary>
    [Id(2)] public int MaxConcurrency { get; init; } = 8;
    /// <summary>Emails per UTC day; null means no quota.</summary>
    [Id(3)] public int? DailyQuota { get; init; }
}
