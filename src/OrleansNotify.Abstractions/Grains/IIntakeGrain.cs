using OrleansNotify.Messages;

namespace OrleansNotify.Grains;

/// <summary>
/// The door into the cluster for accepted messages ([StatelessWorker], local to the caller's silo): it
/// publishes them on the portal's stream. The HTTP API needs only <c>IGrainFactory</c>, so the same
/// endpoints run in a silo and in a front end connected as a client.
/// </summary>
public interface IIntakeGrain : IGrainWithIntegerKey
{
    /// <summary>Completes when the message is on the stream (durable in cluster mode).</summary>
    /// <exception cref="IntakeFullException">The stream's queue is full; the caller should retry later.</exception>
    Task SubmitAsync(SubmittedMessage message);

    /// <summary>Publishes one portal's messages as one stream batch (one queue row in cluster mode).</summary>
    /// <exception cref="IntakeFullException">The stream's queue is full; nothing was published.</exception>
    Task SubmitBatchAsync(SubmittedMessage[] messages);
}

/// <summary>Back-pressure: the stream queue is full. The API answers 503 with Retry-After.</summary>
[GenerateSerializer]
public sealed class IntakeFullException : Exception
{
    public IntakeFullException() : base("The message queue is full; retry later.") { }

    public IntakeFullException(TimeSpan retryAfter) : this() => RetryAfter = retryAfter;

    [Id(0)] public TimeSpan RetryAfter { get; init; }
}
