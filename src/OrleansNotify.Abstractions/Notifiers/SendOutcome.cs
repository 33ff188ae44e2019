namespace OrleansNotify.Notifiers;

/// <summary>How one send ended, in the terms the portal grain acts on.</summary>
public enum SendResult
{
    /// <summary>The provider accepted it.</summary>
    Sent,
    /// <summary>Sandbox mode: checked and accepted, nothing delivered.</summary>
    Sandboxed,
    /// <summary>Try again later (5xx, 4xx SMTP replies, timeouts, connection loss).</summary>
    Transient,
    /// <summary>Will never succeed as it is (400, 413, 5xx SMTP reply): the message fails.</summary>
    Permanent,
    /// <summary>The provider said "slow down until <see cref="SendOutcome.RetryAt"/>": pause, no attempt used.</summary>
    RateLimited,
    /// <summary>The portal's credentials are wrong (401/403, AUTH refused): the message waits.</summary>
    Misconfigured,
}

/// <summary>The outcome for one message of a <see cref="SendJob"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record SendOutcome
{
    [Id(0)] public required string MessageId { get; init; }
    [Id(1)] public required SendResult Result { get; init; }
    /// <summary>Why, in words fit for the message's timeline (never a secret).</summary>
    [Id(2)] public string? Detail { get; init; }
    /// <summary>SendGrid's X-Message-Id or the SMTP server's queue id.</summary>
    [Id(3)] public string? ProviderMessageId { get; init; }
    /// <summary>For <see cref="SendResult.RateLimited"/> and transient replies that name a wait.</summary>
    [Id(4)] public DateTimeOffset? RetryAt { get; init; }
    /// <summary>Recipients the server refused while others were accepted (address and reply).</summary>
    [Id(5)] public IReadOnlyList<RecipientFailure>? RefusedRecipients { get; init; }

    public static SendOutcome For(string messageId, SendResult result, string? detail = null) =>
        new() { MessageId = messageId, Result = result, Detail = detail };
}

[GenerateSerializer, Immutable]
public sealed record RecipientFailure(
    [property: Id(0)] string Email,
    [property: Id(1)] string Reason,
    [property: Id(2)] bool Permanent);
