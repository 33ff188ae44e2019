using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OrleansNotify.Streaming.PostgreSql.Queues;

/// <summary>
/// Coalesces concurrent enqueues into multi-row INSERTs: one row per transaction capped out near
/// 3,700 rows/s on one connection here, 100-row statements reached 120,000+. Each caller's task
/// completes only after the COMMIT that holds its row (or fails with that INSERT's error).
/// </summary>
public sealed partial class InsertBatcher : IAsyncDisposable
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new() { SingleReader = false });
    private readonly PostgreSqlQueueTable _table;
    private readonly int _maxBatch;
    private readonly bool _notify;
    private readonly ILogger _logger;
    private readonly Task[] _writers;
    private readonly CancellationTokenSource _stopping = new();
    private long _statements;

    public InsertBatcher(PostgreSqlQueueTable table, int maxBatch, int concurrency, bool notify, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _maxBatch = maxBatch;
        _notify = notify;
        _logger = logger;
        _writers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>INSERT statements sent so far (rows / statements = how well producers coalesce).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>Completes once the row is committed. Cancelling stops the wait, not a write already sent.</summary>
    public Task EnqueueAsync(int queueId, byte[] payload, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(new QueueRow(queueId, payload), new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(InsertBatcher));
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var rows = new List<QueueRow>(_maxBatch);
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            rows.Clear();
            rows.AddRange(batch.Select(p => p.Row));
            Interlocked.Increment(ref _statements);
            try
            {
                await _table.EnqueueAsync(rows, _notify, _stopping.Token).ConfigureAwait(false);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                LogInsertFailed(_logger, ex, batch.Count);
                batch.ForEach(p => p.Done.TrySetException(ex));
            }
        }
    }

    /// <summary>Stops accepting rows, writes what is queued, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        _stopping.CancelAfter(TimeSpan.FromSeconds(30));
        await Task.WhenAll(_writers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed record Pending(QueueRow Row, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream queue INSERT of {Rows} rows failed; their publishers get the error")]
    private static partial void LogInsertFailed(ILogger logger, Exception exception, int rows);
}
