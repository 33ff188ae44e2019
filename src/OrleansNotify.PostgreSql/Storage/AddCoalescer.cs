using OrleansNotify.Storage;

namespace OrleansNotify.PostgreSql.Storage;

/// <summary>
/// Group commit for <see cref="PostgreSqlMessageStore.AddAsync"/>: every portal grain stores each stream
/// delivery before acknowledging it, so under load many portals add a few rows each at the same moment.
/// Calls that arrive while <c>maxWriters</c> statements are in flight wait and go out together as one
/// multi-portal INSERT: one round trip and one durable commit for all of them. Each caller's task
/// completes only after the COMMIT that holds its rows. No background task: the caller that finds a free
/// writer slot drains the queue (off the grain's scheduler), so an idle store costs nothing.
/// </summary>
internal sealed class AddCoalescer(
    Func<IReadOnlyList<PendingAdd>, Task<HashSet<(string Portal, string Message)>>> insert, int maxWriters, int maxRows)
{
    private readonly Lock _gate = new();
    private readonly Queue<PendingAdd> _queue = new();
    private int _writers;
    private long _statements;

    /// <summary>INSERT statements sent so far (calls / statements = how well callers coalesce).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    public Task<IReadOnlyList<string>> AddAsync(string portalId, IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        var pending = new PendingAdd(portalId, messages);
        bool lead;
        lock (_gate)
        {
            _queue.Enqueue(pending);
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

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        var batch = new List<PendingAdd>();
        while (true)
        {
            batch.Clear();
            lock (_gate)
            {
                var rows = 0;
                while (_queue.TryPeek(out var next) && (batch.Count == 0 || rows + next.Messages.Count <= maxRows))
                {
                    batch.Add(_queue.Dequeue());
                    rows += next.Messages.Count;
                }

                if (batch.Count == 0)
                {
                    _writers--;
                    return;
                }
            }

            Interlocked.Increment(ref _statements);
            try
            {
                var inserted = await insert(batch).ConfigureAwait(false);
                // In each caller's order, each id once: the first caller listing a new row gets it.
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(pending.Messages.Select(m => m.MessageId)
                        .Where(id => inserted.Remove((pending.PortalId, id))).ToArray());
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Nothing was committed: every caller in the statement sees the failure and retries.
                batch.ForEach(p => p.Done.TrySetException(ex));
            }
        }
    }
}

/// <summary>One <see cref="AddCoalescer.AddAsync"/> call waiting for its statement.</summary>
internal sealed record PendingAdd(string PortalId, IReadOnlyList<StoredMessage> Messages)
{
    public TaskCompletionSource<IReadOnlyList<string>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
