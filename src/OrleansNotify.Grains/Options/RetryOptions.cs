namespace OrleansNotify.Grains.Options;

/// <summary>How failed sends are retried: quick retries in the sender, long back-off in the portal queue.</summary>
public sealed class RetryOptions
{
    /// <summary>First back-off of the portal queue; doubles per attempt, with full jitter. Default 2 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest back-off between two attempts. Default 10 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A message still failing transiently this long after its first attempt fails. Default 24 h.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Immediate retries inside the sender when every outcome of a call is transient. Default 2.</summary>
    public int QuickRetries { get; set; } = 2;

    /// <summary>First delay of those quick retries (exponential, jittered). Default 200 ms.</summary>
    public TimeSpan QuickRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Pause after a rate limit that names no reset time. Default 30 s.</summary>
    public TimeSpan DefaultRateLimitPause { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Exponential back-off with full jitter: uniform in [0, min(cap, base * 2^(attempt-1))].</summary>
    public TimeSpan BackoffFor(int attempt, double random01)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * Math.Clamp(random01, 0, 1));
    }
}
