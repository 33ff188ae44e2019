using OrleansNotify.Grains.Storage;
using OrleansNotify.Messages;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Tests;

/// <summary>The in-memory store, with a switch that makes a portal's next "sending" flushes fail as a database outage would.</summary>
public sealed class FlakyMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();
    private readonly Dictionary<string, int> _failSending = new(StringComparer.Ordinal);

    public void FailNextSendingFlushes(string portalId, int count)
    {
        lock (_failSending)
        {
            _failSending[portalId] = count;
        }
    }

    public Task UpdateAsync(string portalId, long owner, IReadOnlyList<MessageChange> changes, CancellationToken cancellationToken)
    {
        lock (_failSending)
        {
            if (changes.Any(c => c.Status == MessageStatus.Sending) && _failSending.GetValueOrDefault(portalId) > 0)
            {
                _failSending[portalId]--;
                throw new IOException("the database is restarting");
            }
        }

        return _inner.UpdateAsync(portalId, owner, changes, cancellationToken);
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
