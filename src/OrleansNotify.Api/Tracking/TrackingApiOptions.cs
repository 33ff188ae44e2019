namespace OrleansNotify.Api.Tracking;

/// <summary>Webhook settings of the HTTP API, bound from <c>Notify:Tracking</c>.</summary>
public sealed class TrackingApiOptions
{
    public const string Section = "Notify:Tracking";

    /// <summary>Largest webhook body. Default 4 MiB: SendGrid flushes batches at about 768 KB.</summary>
    public long WebhookBodyLimit { get; set; } = 4 * 1024 * 1024;

    /// <summary>Widest stats range per request. Default 366 days (hourly: 31 days).</summary>
    public TimeSpan MaxStatsRange { get; set; } = TimeSpan.FromDays(366);
}
