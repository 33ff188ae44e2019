using OrleansNotify.Grains.Storage;
using OrleansNotify.Messages;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Tests;

/// <summary>
/// The in-memory store, with switches that make a portal's next status writes fail as a database outage
/// would (those carrying "sending", or any), and a record of each portal's successful status writes.
/// </summary>
public sealed class FlakyMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();
    private readonly Dictionary<string, int> _failSending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failAny = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IReadOnlyList<MessageChange>>> _writes = new(StringComparer.Ordinal);

    public void FailNextSendingFlushes(string portalId, int count)
    {
        lock (_failSending)
        {
            _failSending[portalId] = count;
        }
    }

    public void FailNextFlushes(string portalId, int count)
    {
        lock (_failSending)
        {
            _failAny[portalId] = count;
        }
    }

    /// <summary>The portal's status writes that succeeded, each as the changes of one call.</summary>
    public IReadOnlyList<IReadOnlyList<MessageChange>> WritesFor(string portalId)
    {
        lock (_failSending)
        {
            return _writes.TryGetValue(portalId, out var writes) ? [.. writes] : [];
        }
    }

    public async Task UpdateAsync(string portalId, long owner, IReadOnlyList<MessageChange> changes, CancellationToken cancellationToken)
    {
        lock (_failSending)
        {
            if (_failAny.GetValueOrDefault(portalId) > 0)
            {
                _failAny[portalId]--;
                throw new IOException("the database is restarting");
            }

            if (changes.Any(c => c.Status == MessageStatus.Sending) && _failSending.GetValueOrDefault(portalId) > 0)
            {
                _failSending[portalId]--;
                throw new IOException("the database is restarting");
            }
        }

        await _inner.UpdateAsync(portalId, owner, changes, cancellationToken);
        lock (_failSending)
        {
            if (!_writes.TryGetValue(portalId, out var writes))
            {
                _writes[portalId] = writes = [];
            }

            writes.Add([.. changes]);
        }
    }

    public Task<long> AcquireAsync(string portalId, CancellationToken cancellationToken) => _inner.AcquireAsync(portalId, cancellationToken);

    public Task<IReadOnlyList<string>> AddAsync(string portalId, long owner, IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
        => _inner.AddAsync(portalId, owner, messages, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> LoadPendingAsync(string portalId, CancellationToken cancellationToken)
        => _inner.LoadPendingAsync(portalId, cancellationToken);

    public Task<MessageView?> GetAsync(string portalId, string messageId, CancellationToken cancellationToken)
        => _inner.GetAsync(portalId, messageId, cancellationToken);

    public Task DeletePortalAsync(string portalId, CancellationToken cancellationToken) => _inner.DeletePortalAsync(portalId, cancellationToken);
}
