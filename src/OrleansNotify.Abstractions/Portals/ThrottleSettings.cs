namespace OrleansNotify.Portals;

/// <summary>How fast a portal may send: a token bucket, a concurrency cap and a daily quota.</summary>
[GenerateSerializer, Immutable]
public sealed record ThrottleSettings
{
    // set, not init: source-generated JSON turns an absent init-only member into null/0, losing this default.
    /// <summary>Sustained emails per second (tokens added per second). Default 100.</summary>
    [Id(0)] public double PerSecond { get; set; } = 100;
    /// <summary>Bucket size: how many may leave at once after a quiet spell. Default 200.</summary>
    [Id(1)] public int Burst { get; set; } = 200;
    /// <summary>Sends in flight at once. Default 8.</summary>
    [Id(2)] public int MaxConcurrency { get; set; } = 8;
    /// <summary>Emails per UTC day; null means no quota.</summary>
    [Id(3)] public int? DailyQuota { get; init; }
}
