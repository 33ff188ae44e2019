using OrleansNotify.Portals;

namespace OrleansNotify.Notifiers;

/// <summary>What the portal grain hands a sender: its configuration and one or more messages.</summary>
[GenerateSerializer, Immutable]
public sealed record SendJob
{
    [Id(0)] public required string PortalId { get; init; }
    [Id(1)] public required PortalConfig Portal { get; init; }
    [Id(2)] public required IReadOnlyList<OutboundMessage> Messages { get; init; }
}

/// <summary>One message to send: its id travels with every email (custom_args, Message-ID).</summary>
[GenerateSerializer, Immutable]
public sealed record OutboundMessage
{
    [Id(0)] public required string MessageId { get; init; }
    /// <summary>UTF-8 JSON of a validated mail/send body, portal defaults not yet merged.</summary>
    [Id(1)] public required byte[] Body { get; init; }
    [Id(2)] public int Attempt { get; init; } = 1;
}
