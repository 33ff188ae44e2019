using OrleansNotify.Mail;

namespace OrleansNotify.Portals;

/// <summary>
/// The portal's SendGrid advanced settings (seed: categories, delivery importance, IP pool, sandbox,
/// click / text / open tracking), applied to every message unless the message says otherwise.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PortalDefaults
{
    [Id(0)] public EmailAddress? From { get; init; }
    [Id(1)] public EmailAddress? ReplyTo { get; init; }
    [Id(2)] public IReadOnlyList<string>? Categories { get; init; }
    // set, not init: source-generated JSON turns an absent init-only member into null/0, losing this default.
    [Id(3)] public DeliveryImportance DeliveryImportance { get; set; } = DeliveryImportance.Normal;
    [Id(4)] public string? IpPoolName { get; init; }
    [Id(5)] public bool SandboxMode { get; init; }
    [Id(6)] public bool ClickTracking { get; init; }
    [Id(7)] public bool TextTracking { get; init; }
    [Id(8)] public bool OpenTracking { get; init; }
}
