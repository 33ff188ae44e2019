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
    private bool _lastClaimFound = true;

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
        if (delivered.Length == 0 && !_lastClaimFound && !signalled && listener.IsListening && time.GetElapsedTime(_lastQuery) < options.PollInterval)
        {
            return Nothing;
        }

        _lastQuery = time.GetTimestamp();
        var rows = await table.ClaimAsync(_queue, Math.Clamp(maxCount, 1, options.MaxClaimBatchSize),
            options.VisibilityTimeout, options.MaxDeliveryAttempts, cancellationToken, _lease, delivered).ConfigureAwait(false);
        Forget(delivered);
        _lastClaimFound = rows.Count > 0;
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

    public Task Shutdown(TimeSpan timeout) => Shutdown(timeout, CancellationToken.None);

    /// <summary>Hands undelivered claims and the lease back at once: the queue's next owner need not wait.</summary>
    public async Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _keepAlive.ConfigureAwait(false);
        long[] undelivered, delivered;
        lock (_inFlight)
        {
            undelivered = [.. _inFlight.Keys];
            delivered = [.. _delivered];
            _inFlight.Clear();
        }

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            await table.DeleteAsync(_queue, delivered, limit.Token).ConfigureAwait(false);
            Forget(delivered);
            await table.SetVisibilityAsync(_queue, undelivered, TimeSpan.Zero, limit.Token).ConfigureAwait(false);
            await table.ReleaseLeaseAsync(_queue, _lease.Owner, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not fatal: rows and lease come back after their timeouts.
            LogReleaseFailed(logger, ex, undelivered.Length, _queue);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    /// <summary>
    /// Rows wait in Orleans' cache until every consumer passed them, and the agent stops reading while the
    /// cache is full: a timer of its own keeps the claims invisible and the lease held meanwhile.
    /// </summary>
    private async Task KeepAliveAsync(CancellationToken stopping)
    {
        var period = (options.VisibilityTimeout < options.QueueLeaseTime ? options.VisibilityTimeout : options.QueueLeaseTime) / 3;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                long[] claimed, delivered;
                lock (_inFlight)
                {
                    // Orleans drops events it failed to deliver without acknowledging them: stop holding rows
                    // past MaxDeliveryTime so they come back, are retried, and end as dead letters.
                    foreach (var (id, _) in _inFlight.Where(e => time.GetElapsedTime(e.Value) > options.MaxDeliveryTime).ToList())
                    {
                        _inFlight.Remove(id);
                    }

                    claimed = [.. _inFlight.Keys];
                    delivered = [.. _delivered];
                }

                try
                {
                    await table.DeleteAsync(_queue, delivered, stopping).ConfigureAwait(false);
                    Forget(delivered);
                    await table.SetVisibilityAsync(_queue, claimed, options.VisibilityTimeout, stopping).ConfigureAwait(false);
                    await table.RenewLeaseAsync(_queue, _lease, stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogKeepAliveFailed(logger, ex, _queue);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream row {MessageId} of queue {Queue} cannot be deserialized; moved to the dead letters")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, long messageId, int queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release {Count} claimed rows of queue {Queue}; they reappear after the visibility timeout")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, int count, int queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the claims or lease of queue {Queue}; retrying at the next tick")]
    private static partial void LogKeepAliveFailed(ILogger logger, Exception exception, int queue);
}
