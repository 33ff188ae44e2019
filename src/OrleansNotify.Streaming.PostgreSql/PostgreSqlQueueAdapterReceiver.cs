using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;
using OrleansNotify.Streaming.PostgreSql.Queues;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>
/// Pulls one queue for Orleans' pulling agent: claims rows (SKIP LOCKED, visibility timeout), keeps its
/// claims alive while the rows sit in the cache, deletes them once delivered, releases them on shutdown.
/// </summary>
internal sealed partial class PostgreSqlQueueAdapterReceiver(
    QueueId queueId,
    PostgreSqlStreamOptions options,
    PostgreSqlQueueTable table,
    Serializer<PostgreSqlBatchContainer> serializer,
    QueueNotificationListener listener,
    TimeProvider time,
    ILogger<PostgreSqlQueueAdapterReceiver> logger) : IQueueAdapterReceiver
{
    private static readonly IList<IBatchContainer> Nothing = Array.Empty<IBatchContainer>();
    private readonly int _queue = (int)queueId.GetNumericId();
    private readonly HashSet<long> _inFlight = [];
    private long _lastQuery;
    private long _lastExtended;
    private bool _lastClaimFound = true;

    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        await KeepClaimsAsync(cancellationToken).ConfigureAwait(false);

        // Idle and told nothing new: skip the round trip until the poll interval is due.
        var signalled = listener.TakeSignal(_queue);
        if (!_lastClaimFound && !signalled && listener.IsListening && time.GetElapsedTime(_lastQuery) < options.PollInterval)
        {
            return Nothing;
        }

        _lastQuery = time.GetTimestamp();
        var rows = await table.ClaimAsync(_queue, Math.Clamp(maxCount, 1, options.MaxClaimBatchSize),
            options.VisibilityTimeout, options.MaxDeliveryAttempts, cancellationToken).ConfigureAwait(false);
        _lastClaimFound = rows.Count > 0;
        if (rows.Count == 0)
        {
            return Nothing;
        }

        if (_inFlight.Count == 0)
        {
            _lastExtended = _lastQuery;
        }

        var batches = new List<IBatchContainer>(rows.Count);
        List<long>? unreadable = null;
        foreach (var row in rows)
        {
            try
            {
                var container = serializer.Deserialize(row.Payload)
                    ?? throw new InvalidDataException("Empty batch container.");
                container.Token = new EventSequenceTokenV2(row.MessageId);
                batches.Add(container);
                _inFlight.Add(row.MessageId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogUnreadable(logger, ex, row.MessageId, _queue);
                (unreadable ??= []).Add(row.MessageId);
            }
        }

        if (unreadable is not null)
        {
            await table.DeadLetterAsync(unreadable, "payload could not be deserialized", cancellationToken).ConfigureAwait(false);
        }

        return batches;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = messages.OfType<PostgreSqlBatchContainer>().Select(m => m.MessageId).ToList();
        await table.DeleteAsync(ids, cancellationToken).ConfigureAwait(false);
        _inFlight.ExceptWith(ids);
    }

    public Task Shutdown(TimeSpan timeout) => Shutdown(timeout, CancellationToken.None);

    /// <summary>Hands undelivered claims back at once, so the queue's next owner need not wait out the timeout.</summary>
    public async Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_inFlight.Count == 0)
        {
            return;
        }

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            await table.SetVisibilityAsync(_inFlight, TimeSpan.Zero, limit.Token).ConfigureAwait(false);
            _inFlight.Clear();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not fatal: the rows reappear after the visibility timeout.
            LogReleaseFailed(logger, ex, _inFlight.Count, _queue);
        }
    }

    /// <summary>Rows wait in Orleans' cache until every consumer passed them: keep them invisible meanwhile.</summary>
    private async Task KeepClaimsAsync(CancellationToken cancellationToken)
    {
        if (_inFlight.Count == 0 || time.GetElapsedTime(_lastExtended) < options.VisibilityTimeout / 3)
        {
            return;
        }

        _lastExtended = time.GetTimestamp();
        await table.SetVisibilityAsync(_inFlight, options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream row {MessageId} of queue {Queue} cannot be deserialized; moved to the dead letters")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, long messageId, int queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release {Count} claimed rows of queue {Queue}; they reappear after the visibility timeout")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, int count, int queue);
}
