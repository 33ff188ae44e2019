namespace OrleansNotify.Portals;

/// <summary>How the portal's SendGrid Event Webhook is authenticated (<c>"webhook"</c> in the portal config).</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookSettings
{
    /// <summary>Base64 of the DER SubjectPublicKeyInfo of SendGrid's P-256 verification key; null: unsigned.</summary>
    [Id(0)] public string? PublicKey { get; set; }

    /// <summary>Accept unsigned posts when there is no key. Default false: an unsigned webhook is anyone's.</summary>
    [Id(1)] public bool AllowUnsigned { get; set; }

    /// <summary>
    /// Replay window: a signature timestamp further than this from now (either way) is refused.
    /// Default 600 s. SendGrid documents no tolerance; ten minutes covers its retry queue and clock skew.
    /// </summary>
    [Id(2)] public int MaxAgeSeconds { get; set; } = 600;
}
