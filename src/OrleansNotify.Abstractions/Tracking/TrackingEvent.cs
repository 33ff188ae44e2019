namespace OrleansNotify.Tracking;

/// <summary>
/// One SendGrid Event Webhook event, with the fields the tracking folds read pulled out and the event's
/// own JSON kept whole (<see cref="Raw"/>), so unknown types and fields are stored, not lost.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrackingEvent
{
    /// <summary>SendGrid's <c>sg_event_id</c>: the de-duplication key (a hash of the event when absent).</summary>
    [Id(0)] public required string EventId { get; init; }
    /// <summary>SendGrid's <c>event</c>, e.g. <c>delivered</c>; any string (unknown types are kept).</summary>
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required DateTimeOffset Timestamp { get; init; }
    [Id(3)] public string? Email { get; init; }
    /// <summary>Our message id (<c>notify_message_id</c> custom arg), when the event carries it.</summary>
    [Id(4)] public string? MessageId { get; init; }
    /// <summary>The <c>sg_message_id</c> prefix: the X-Message-Id SendGrid answered the send with.</summary>
    [Id(5)] public string? ProviderMessageId { get; init; }
    [Id(6)] public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>click: the link.</summary>
    [Id(7)] public string? Url { get; init; }
    /// <summary>bounce, dropped, deferred: SendGrid's reason (<c>reason</c> or <c>response</c>).</summary>
    [Id(8)] public string? Reason { get; init; }
    /// <summary>bounce: <c>bounce</c> or <c>blocked</c> (SendGrid's <c>type</c>).</summary>
    [Id(9)] public string? BounceType { get; init; }
    /// <summary>bounce: <c>bounce_classification</c>, e.g. "Invalid Address".</summary>
    [Id(10)] public string? Classification { get; init; }
    /// <summary>group_unsubscribe / group_resubscribe: <c>asm_group_id</c>.</summary>
    [Id(11)] public int? AsmGroupId { get; init; }
    /// <summary>open: <c>sg_machine_open</c> (Apple Mail Privacy Protection and similar prefetches).</summary>
    [Id(12)] public bool MachineOpen { get; init; }
    /// <summary>The event's JSON object as received.</summary>
    [Id(13)] public string Raw { get; init; } = "{}";

    /// <summary>What uniques are counted by: the provider id, else our id (events of one message share both).</summary>
    public string MessageKey => ProviderMessageId ?? MessageId ?? "";
}

/// <summary>The event names SendGrid documents.</summary>
public static class TrackingEventTypes
{
    public const string Processed = "processed";
    public const string Dropped = "dropped";
    public const string Delivered = "delivered";
    public const string Deferred = "deferred";
    public const string Bounce = "bounce";
    public const string Open = "open";
    public const string Click = "click";
    public const string SpamReport = "spamreport";
    public const string Unsubscribe = "unsubscribe";
    public const string GroupUnsubscribe = "group_unsubscribe";
    public const string GroupResubscribe = "group_resubscribe";
}
