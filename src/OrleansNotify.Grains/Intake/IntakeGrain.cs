using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Streams;

namespace OrleansNotify.Grains.Intake;

/// <summary>
/// Publishes accepted messages on their portal's stream. A full memory queue is waited out briefly
/// (<see cref="QueueFullBackoff"/>), then reported as <see cref="IntakeFullException"/> so the API answers
/// 503 with Retry-After. It never drops a message.
/// </summary>
[StatelessWorker]
[Reentrant] // stateless: without it each local worker waits out one durable commit at a time (2 per silo on 2 cores)
public sealed partial class IntakeGrain(TimeProvider time, ILogger<IntakeGrain> logger) : Grain, IIntakeGrain
{
    public Task SubmitAsync(SubmittedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PublishAsync(message.PortalId, message.MessageId, stream => stream.OnNextAsync(message));
    }

    public Task SubmitBatchAsync(SubmittedMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Length == 0)
        {
            return Task.CompletedTask;
        }

        var portalId = messages[0].PortalId;
        if (Array.Exists(messages, m => m.PortalId != portalId))
        {
            throw new ArgumentException("A batch holds one portal's messages.", nameof(messages));
        }

        return PublishAsync(portalId, messages[0].MessageId, stream => stream.OnNextBatchAsync(messages));
    }

    /// <summary>Publishes on the portal's stream, backing off briefly while its queue is full.</summary>
    private async Task PublishAsync(string portalId, string firstMessageId, Func<IAsyncStream<SubmittedMessage>, Task> publish)
    {
        var stream = this.GetStreamProvider(NotifyNames.StreamProvider)
            .GetStream<SubmittedMessage>(StreamId.Create(NotifyNames.MessagesStream, portalId));
        if (!await QueueFullBackoff.TryPublishAsync(() => publish(stream), time))
        {
            LogQueueFull(logger, portalId, firstMessageId);
            throw new IntakeFullException(QueueFullBackoff.RetryAfter);
        }
    }

    [LoggerMessage(3001, LogLevel.Warning, "Portal {PortalId}: stream queue full, message {MessageId} refused with Retry-After")]
    private static partial void LogQueueFull(ILogger logger, string portalId, string messageId);
}
