namespace OrleansNotify.Events;

/// <summary>How one event ended: its messages are queued, no rule wanted it, or it was refused.</summary>
public static class EventOutcomes
{
    /// <summary>Every message of the event is on the portal's stream.</summary>
    public const string Accepted = "accepted";
    /// <summary>The portal has no rule for the event's type; recorded, not an error.</summary>
    public const string Ignored = "ignored";
    /// <summary>The event could not become messages (no recipients, bad address, unknown portal...).</summary>
    public const string Rejected = "rejected";
}

/// <summary>One event's result; <see cref="Field"/> names what was wrong when it was rejected.</summary>
[GenerateSerializer, Immutable]
public sealed record EventResult
{
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public required string Outcome { get; init; }
    [Id(2)] public IReadOnlyList<string> MessageIds { get; init; } = [];
    [Id(3)] public string? Error { get; init; }
    [Id(4)] public string? Field { get; init; }
    /// <summary>True when the portal's queue was full: nothing was refused for good, retry later.</summary>
    [Id(5)] public bool RetryLater { get; init; }

    public static EventResult Rejected(string eventId, string error, string? field) =>
        new() { EventId = eventId, Outcome = EventOutcomes.Rejected, Error = error, Field = field };
}

/// <summary>An entry of the portal's event log: the result plus when and what.</summary>
[GenerateSerializer, Immutable]
public sealed record EventLogEntry
{
    [Id(0)] public required EventResult Result { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required DateTimeOffset OccurredAt { get; init; }
    [Id(3)] public required DateTimeOffset ProcessedAt { get; init; }
}
