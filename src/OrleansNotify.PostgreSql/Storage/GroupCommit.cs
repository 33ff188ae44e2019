namespace OrleansNotify.PostgreSql.Storage;

/// <summary>
/// Group commit for the message store: every portal grain stores each stream delivery and each status
/// flush before going on, so under load many portals write a little at the same moment. Calls that
/// arrive while <c>maxWriters</c> writes are in flight wait and go out together: one round trip and one
/// durable commit for all of them. Each caller's task completes only after the COMMIT that holds its
/// write. No background task: a caller that finds a free writer slot drains the queue (off the grain's
/// scheduler), so an idle store costs nothing.
/// </summary>
/// <param name="write">Writes the calls in one transaction and returns one result per call, in order.</param>
/// <param name="sizeOf">Rows a call carries (a write takes calls up to <paramref name="maxRows"/>, and at least one).</param>
/// <param name="maxWriters">Writes in flight at once; later calls wait and coalesce.</param>
/// <param name="maxRows">Most rows one write carries.</param>
internal sealed class GroupCommit<TCall, TResult>(
    Func<IReadOnlyList<TCall>, Task<IReadOnlyList<TResult>>> write, Func<TCall, int> sizeOf, int maxWriters, int maxRows)
{
    private readonly Lock _gate = new();
    private readonly Queue<(TCall Call, TaskCompletionSource<TResult> Done)> _queue = new();
    private int _writers;
    private long _writes;

    /// <summary>Writes sent so far (calls / writes = how well callers coalesce).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public Task<TResult> RunAsync(TCall call, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_gate)
        {
            _queue.Enqueue((call, done));
            lead = _writers < maxWriters;
            if (lead)
            {
                _writers++;
            }
        }

        if (lead)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        var batch = new List<(TCall Call, TaskCompletionSource<TResult> Done)>();
        while (true)
        {
            batch.Clear();
            lock (_gate)
            {
                var rows = 0;
                while (_queue.TryPeek(out var next) && (batch.Count == 0 || rows + sizeOf(next.Call) <= maxRows))
                {
                    batch.Add(_queue.Dequeue());
                    rows += sizeOf(next.Call);
                }

                if (batch.Count == 0)
                {
                    _writers--;
                    return;
                }
            }

            if (!await TryWriteAsync(batch).ConfigureAwait(false) && batch.Count > 1)
            {
                // Nothing was committed. One bad call must not fail its neighbours: each goes again alone.
                foreach (var single in batch)
                {
                    await TryWriteAsync([single]).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Writes the calls and completes them; on failure only a lone call gets the exception.</summary>
    private async Task<bool> TryWriteAsync(List<(TCall Call, TaskCompletionSource<TResult> Done)> batch)
    {
        Interlocked.Increment(ref _writes);
        try
        {
            var results = await write(batch.ConvertAll(b => b.Call)).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetException(ex);
            }

            return false;
        }
    }
}
