using Microsoft.Extensions.Logging;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>The receiver's life around the reads: keeping claims and lease alive, and handing them back.</summary>
internal sealed partial class PostgreSqlQueueAdapterReceiver
{
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release {Count} claimed rows of queue {Queue}; they reappear after the visibility timeout")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, int count, int queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the claims or lease of queue {Queue}; retrying at the next tick")]
    private static partial void LogKeepAliveFailed(ILogger logger, Exception exception, int queue);
}
