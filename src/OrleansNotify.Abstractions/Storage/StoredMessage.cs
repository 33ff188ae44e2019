using OrleansNotify.Messages;
using OrleansNotify.Portals;

namespace OrleansNotify.Storage;

/// <summary>A message as its portal's queue row.</summary>
[GenerateSerializer, Immutable]
public sealed record StoredMessage
{
    [Id(0)] public required string MessageId { get; init; }
    [Id(1)] public required DeliveryImportance Importance { get; init; }
    [Id(2)] public DateTimeOffset? SendAt { get; init; }
    [Id(3)] public required DateTimeOffset AcceptedAt { get; init; }
    [Id(4)] public required byte[] Body { get; init; }
    [Id(5)] public int Recipients { get; init; } = 1;
    [Id(6)] public MessageStatus Status { get; init; } = MessageStatus.Queued;
    [Id(7)] public int Attempts { get; init; }
    /// <summary>Not sent before this instant: send_at, or the next retry after a back-off.</summary>
    [Id(8)] public DateTimeOffset? NotBefore { get; init; }
    [Id(9)] public string? LastError { get; init; }
    [Id(10)] public string? ProviderMessageId { get; init; }
}

/// <summary>A status change of one message and the timeline entry that says why.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageChange
{
    [Id(0)] public required string MessageId { get; init; }
    [Id(1)] public required MessageStatus Status { get; init; }
    [Id(2)] public int Attempts { get; init; }
    [Id(3)] public DateTimeOffset? NotBefore { get; init; }
    [Id(4)] public string? LastError { get; init; }
    [Id(5)] public string? ProviderMessageId { get; init; }
    [Id(6)] public required TimelineEntry Event { get; init; }
}
