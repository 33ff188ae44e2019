namespace OrleansNotify.Portals;

/// <summary>A portal (tenant): what <c>PUT /v1/portals/{portalId}</c> takes, camelCase on the wire.</summary>
[GenerateSerializer, Immutable]
public sealed record PortalConfig
{
    [Id(0)] public string? DisplayName { get; init; }
    [Id(1)] public NotifierConfig? Notifier { get; init; }
    // set, not init: source-generated JSON turns an absent init-only member into null/0, losing this default.
    [Id(2)] public PortalDefaults Defaults { get; set; } = new();
    [Id(3)] public ThrottleSettings Throttle { get; set; } = new();
    /// <summary>SendGrid Event Webhook authentication; null: no key, unsigned posts refused.</summary>
    [Id(4)] public WebhookSettings? Webhook { get; init; }
}
