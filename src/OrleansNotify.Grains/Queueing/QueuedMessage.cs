using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Queueing;

/// <summary>Where a message is inside its portal's queue (not its stored status).</summary>
public enum QueueState
{
    /// <summary>In a priority lane, ready to send.</summary>
    Ready,
    /// <summary>Waiting for <see cref="QueuedMessage.NotBefore"/> (send_at or a back-off).</summary>
    Held,
    /// <summary>Handed to a sender; its outcome has not come back yet.</summary>
    InFlight,
    /// <summary>Left the queue (cancelled or final): a lane may still hold it until it is skipped.</summary>
    Gone,
}

/// <summary>One message in a portal's queue: what the pump needs, plus the body it hands the sender.</summary>
public sealed class QueuedMessage
{
    public required string MessageId { get; init; }
    public required DeliveryImportance Importance { get; init; }
    public required byte[] Body { get; init; }
    /// <summary>Throttle cost: recipients across to + cc + bcc, at least 1.</summary>
    public int Recipients { get; init; } = 1;
    public DateTimeOffset? NotBefore { get; set; }
    /// <summary>Counted attempts (rate limits and configuration waits do not count).</summary>
    public int Attempts { get; set; }
    /// <summary>When the first counted attempt started: the retry give-up clock runs from here.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }
    /// <summary>True while it still carries the stored status <c>scheduled</c> (a send_at hold).</summary>
    public bool Scheduled { get; set; }
    public QueueState State { get; internal set; }
    internal long Sequence { get; set; }
}
