namespace OrleansNotify.Events;

/// <summary>
/// An application event (from RabbitMQ or <c>POST /v1/portals/{portalId}/events</c>). <see cref="Id"/>
/// is unique per source: the message ids derive from it, so a redelivered event sends nothing twice.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NotifyEvent
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string PortalId { get; init; }
    /// <summary>e.g. <c>video.published</c>; the key of the portal's rules.</summary>
    [Id(2)] public required string Type { get; init; }
    [Id(3)] public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>The event's <c>data</c> object as compact UTF-8 JSON text.</summary>
    [Id(4)] public required string Data { get; init; }
    /// <summary>The event's own recipients (addresses), used when the rule names none.</summary>
    [Id(5)] public IReadOnlyList<string>? Recipients { get; init; }
}
