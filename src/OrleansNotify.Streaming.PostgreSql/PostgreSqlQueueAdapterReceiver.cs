using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;
using OrleansNotify.Streaming.PostgreSql.Queues;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>
/// Pulls one queue for Orleans' pulling agent: claims rows under the queue's lease (SKIP LOCKED, visibility
/// timeout), keeps lease and claims alive while rows wait in the cache, deletes rows once delivered, and
/// hands everything back on shutdown.
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
    private readonly QueueLease _lease = new(Guid.NewGuid().ToString("N"), options.QueueLeaseTime);
    private readonly Dictionary<long, long> _inFlight = []; // message id -> claim timestamp
    private readonly HashSet<long> _delivered = []; // acknowledged, deleted with the next claim or keep-alive
    private readonly CancellationTokenSource _stop = new();
    private Task _keepAlive = Task.CompletedTask;
    private long _lastQuery;
    private Claimed _lastClaim = Claimed.Full; // the first read claims at once

    public Task Initialize(TimeSpan timeout) => Initialize(timeout, CancellationToken.None);

    public Task Initialize(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _keepAlive = KeepAliveAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        long[] delivered;
        lock (_inFlight)
        {
            delivered = [.. _delivered];
        }

        // Idle and told nothing new: skip the round trip until the poll interval is due.
        var signalled = listener.TakeSignal(_queue);
        if (delivered.Length == 0 && _lastClaim == Claimed.Nothing && !signalled && listener.IsListening && time.GetElapsedTime(_lastQuery) < options.PollInterval)
        {
            return Nothing;
        }

        // Rows are flowing but the last claim was not full: let more gather (see MinClaimInterval).
        if (_lastClaim == Claimed.Some && time.GetElapsedTime(_lastQuery) < options.MinClaimInterval)
        {
            return Nothing;
        }

        _lastQuery = time.GetTimestamp();
        var limit = Math.Clamp(maxCount, 1, options.MaxClaimBatchSize);
        var rows = await table.ClaimAsync(_queue, limit,
            options.VisibilityTimeout, options.MaxDeliveryAttempts, cancellationToken, _lease, delivered).ConfigureAwait(false);
        Forget(delivered);
        _lastClaim = rows.Count == 0 ? Claimed.Nothing : rows.Count < limit ? Claimed.Some : Claimed.Full;
        if (rows.Count == 0)
        {
            return Nothing;
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
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogUnreadable(logger, ex, row.MessageId, _queue);
                (unreadable ??= []).Add(row.MessageId);
            }
        }

        lock (_inFlight)
        {
            foreach (var batch in batches)
            {
                _inFlight[((PostgreSqlBatchContainer)batch).MessageId] = _lastQuery;
            }
        }

        if (unreadable is not null)
        {
            await table.DeadLetterAsync(_queue, unreadable, "payload could not be deserialized", cancellationToken).ConfigureAwait(false);
        }

        return batches;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);


    /// <summary>
    /// Orleans calls this right before the next read: the DELETE rides along with that claim (one round trip
    /// instead of two); the keep-alive deletes them if no read follows (back-pressure).
    /// </summary>
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        lock (_inFlight)
        {
            foreach (var id in messages.OfType<PostgreSqlBatchContainer>().Select(m => m.MessageId))
            {
                _inFlight.Remove(id);
                _delivered.Add(id);
            }
        }

        return Task.CompletedTask;
    }

    private void Forget(long[] deleted)
    {
        lock (_inFlight)
        {
            _delivered.ExceptWith(deleted);
        }
    }

    /// <summary>What the last claim found: it decides how soon the next may query (idle, gathering, at once).</summary>
    private enum Claimed { Nothing, Some, Full }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream row {MessageId} of queue {Queue} cannot be deserialized; moved to the dead letters")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, long messageId, int queue);
}
