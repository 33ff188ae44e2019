using OrleansNotify.Portals;

namespace OrleansNotify.Messages;

/// <summary>What <c>GET /v1/portals/{portalId}/messages/{messageId}</c> returns.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageView
{
    [Id(0)] public required string MessageId { get; init; }
    [Id(1)] public required string PortalId { get; init; }
    [Id(2)] public required MessageStatus Status { get; init; }
    [Id(3)] public int Attempts { get; init; }
    [Id(4)] public string? LastError { get; init; }
    [Id(5)] public string? ProviderMessageId { get; init; }
    [Id(6)] public DeliveryImportance Importance { get; init; }
    [Id(7)] public DateTimeOffset AcceptedAt { get; init; }
    [Id(8)] public DateTimeOffset? SendAt { get; init; }
    [Id(9)] public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
}
