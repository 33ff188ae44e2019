using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>SendGrid's <c>tracking_settings</c>.</summary>
public sealed record TrackingSettings
{
    [JsonPropertyName("click_tracking")] public ClickTracking? ClickTracking { get; init; }
    [JsonPropertyName("open_tracking")] public OpenTracking? OpenTracking { get; init; }
    [JsonPropertyName("subscription_tracking")] public SubscriptionTracking? SubscriptionTracking { get; init; }
    [JsonPropertyName("ganalytics")] public GoogleAnalytics? GoogleAnalytics { get; init; }
}

/// <summary><c>enable_text</c> rewrites links in the text part too: the seed's "text tracking".</summary>
public sealed record ClickTracking
{
    [JsonPropertyName("enable")] public bool? Enable { get; init; }
    [JsonPropertyName("enable_text")] public bool? EnableText { get; init; }
}

public sealed record OpenTracking
{
    [JsonPropertyName("enable")] public bool? Enable { get; init; }
    [JsonPropertyName("substitution_tag")] public string? SubstitutionTag { get; init; }
}

public sealed record SubscriptionTracking
{
    [JsonPropertyName("enable")] public bool? Enable { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("html")] public string? Html { get; init; }
    [JsonPropertyName("substitution_tag")] public string? SubstitutionTag { get; init; }
}

public sealed record GoogleAnalytics
{
    [JsonPropertyName("enable")] public bool? Enable { get; init; }
    [JsonPropertyName("utm_source")] public string? UtmSource { get; init; }
    [JsonPropertyName("utm_medium")] public string? UtmMedium { get; init; }
    [JsonPropertyName("utm_term")] public string? UtmTerm { get; init; }
    [JsonPropertyName("utm_content")] public string? UtmContent { get; init; }
    [JsonPropertyName("utm_campaign")] public string? UtmCampaign { get; init; }
}
