namespace OrleansNotify.Tracking;

/// <summary>One webhook POST's events for one portal: the item on the portal's <c>webhooks</c> stream.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookBatch
{
    [Id(0)] public required string PortalId { get; init; }
    [Id(1)] public required IReadOnlyList<TrackingEvent> Events { get; init; }
    [Id(2)] public DateTimeOffset ReceivedAt { get; init; }
}
