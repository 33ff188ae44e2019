namespace OrleansNotify.Validation;

/// <summary>What mail/send validation needs besides the body.</summary>
public sealed record MailValidationContext
{
    /// <summary>Now, for the 72-hour limit on send_at.</summary>
    public required DateTimeOffset Now { get; init; }
    /// <summary>The portal supplies a default from address, so the message may omit <c>from</c>.</summary>
    public bool HasDefaultFrom { get; init; }
}
