namespace OrleansNotify.SendGrid;

/// <summary>How the SendGrid notifier talks to the Web API v3. Every default is safe for production.</summary>
public sealed class SendGridNotifierOptions
{
    /// <summary>The name of the pooled <see cref="HttpClient"/> in <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "OrleansNotify.SendGrid";

    /// <summary>SendGrid's ceiling for personalizations and for recipients (to + cc + bcc) in one call.</summary>
    public const int SendGridCallLimit = 1000;

    /// <summary>Longest wait for one API call; a slower call counts as transient. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a pooled connection is reused before it is replaced, so DNS changes of SendGrid's hosts
    /// are picked up without a new pool. Default 5 minutes.
    /// </summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Idle connections are closed after this. Default 90 s.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The pause after a 429 that names no <c>X-RateLimit-Reset</c>. Default 60 s.</summary>
    public TimeSpan RateLimitFallback { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Personalizations per call, at most 1,000 (SendGrid's limit, also the default).</summary>
    public int MaxPersonalizationsPerCall { get; set; } = SendGridCallLimit;

    /// <summary>Recipients (to + cc + bcc) per call, at most 1,000 (SendGrid's limit, also the default).</summary>
    public int MaxRecipientsPerCall { get; set; } = SendGridCallLimit;

    /// <summary>
    /// Estimated body size at which a batched call is closed. Default 20,000,000 bytes: head room under
    /// SendGrid's 30 MB per request, since a single message may itself be large.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 20_000_000;

    /// <summary>API calls of one job that run at the same time (jobs whose messages do not batch). Default 8.</summary>
    public int MaxConcurrentCallsPerJob { get; set; } = 8;
}
