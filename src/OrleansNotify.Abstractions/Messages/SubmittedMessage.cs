using OrleansNotify.Portals;

namespace OrleansNotify.Messages;

/// <summary>
/// An accepted message on its way to the portal grain (the stream item). The body stays the caller's
/// validated mail/send JSON as UTF-8 bytes: compact to queue and store, and sent to SendGrid as it is.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubmittedMessage
{
    [Id(0)] public required string MessageId { get; init; }
    [Id(1)] public required string PortalId { get; init; }
    /// <summary>The message's own importance (from its Importance / X-Priority header), if it set one.</summary>
    [Id(2)] public DeliveryImportance? Importance { get; init; }
    /// <summary>Held until then (mail/send <c>send_at</c>).</summary>
    [Id(3)] public DateTimeOffset? SendAt { get; init; }
    [Id(4)] public required DateTimeOffset AcceptedAt { get; init; }
    /// <summary>UTF-8 JSON of a validated <see cref="Mail.MailSendRequest"/>.</summary>
    [Id(5)] public required byte[] Body { get; init; }
    /// <summary>Recipients across to + cc + bcc: what the throttle and the daily quota count.</summary>
    [Id(6)] public int Recipients { get; init; } = 1;
}
