using System.Collections.Concurrent;
using OrleansNotify.Messages;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Storage;

/// <summary>
/// The embedded-mode message store: one dictionary per portal. Rows hold the same body bytes the grain
/// queues (no copy), so a small queued message costs a few hundred bytes beyond its body.
/// </summary>
public sealed class InMemoryMessageStore : IMessageStore
{
    private readonly ConcurrentDictionary<string, PortalMessages> _portals = new(StringComparer.Ordinal);

    public Task<long> AcquireAsync(string portalId, CancellationToken cancellationToken)
    {
        var portal = Portal(portalId);
        lock (portal)
        {
            return Task.FromResult(++portal.Owner);
        }
    }

    public Task<IReadOnlyList<string>> AddAsync(string portalId, long owner, IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        var portal = Portal(portalId);
        var added = new List<string>(messages.Count);
        lock (portal)
        {
            foreach (var message in messages)
            {
                if (portal.Rows.TryAdd(message.MessageId, new Row(message)))
                {
                    added.Add(message.MessageId);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(added);
    }

    public Task<IReadOnlyList<StoredMessage>> LoadPendingAsync(string portalId, CancellationToken cancellationToken)
    {
        var portal = Portal(portalId);
        lock (portal)
        {
            return Task.FromResult<IReadOnlyList<StoredMessage>>(
                portal.Rows.Values.Where(r => !r.Message.Status.IsFinal()).Select(r => r.Message).ToArray());
        }
    }

    public Task UpdateAsync(string portalId, long owner, IReadOnlyList<MessageChange> changes, CancellationToken cancellationToken)
    {
        var portal = Portal(portalId);
        lock (portal)
        {
            if (owner < portal.Owner)
            {
                throw new StaleOwnerException(portalId, owner);
            }

            foreach (var change in changes)
            {
                if (portal.Rows.TryGetValue(change.MessageId, out var row))
                {
                    row.Message = row.Message with
                    {
                        Status = change.Status,
                        Attempts = change.Attempts,
                        NotBefore = change.NotBefore,
                        LastError = change.LastError ?? row.Message.LastError,
                        ProviderMessageId = change.ProviderMessageId ?? row.Message.ProviderMessageId,
                    };
                    row.Timeline.Add(change.Event);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<MessageView?> GetAsync(string portalId, string messageId, CancellationToken cancellationToken)
    {
        if (!_portals.TryGetValue(portalId, out var portal))
        {
            return Task.FromResult<MessageView?>(null);
        }

        lock (portal)
        {
            if (!portal.Rows.TryGetValue(messageId, out var row))
            {
                return Task.FromResult<MessageView?>(null);
            }

            var m = row.Message;
            return Task.FromResult<MessageView?>(new MessageView
            {
                MessageId = m.MessageId,
                PortalId = portalId,
                Status = m.Status,
                Attempts = m.Attempts,
                LastError = m.LastError,
                ProviderMessageId = m.ProviderMessageId,
                Importance = m.Importance,
                AcceptedAt = m.AcceptedAt,
                SendAt = m.SendAt,
                // In time order, ties in write order (OrderBy is stable), as the PostgreSQL store reads it.
                Timeline = [new TimelineEntry(m.AcceptedAt, "accepted"), .. row.Timeline.OrderBy(e => e.At)],
            });
        }
    }

    public Task DeletePortalAsync(string portalId, CancellationToken cancellationToken)
    {
        if (_portals.TryGetValue(portalId, out var portal))
        {
            lock (portal)
            {
                portal.Rows.Clear();
            }
        }

        return Task.CompletedTask;
    }

    private PortalMessages Portal(string portalId) => _portals.GetOrAdd(portalId, static _ => new PortalMessages());

    private sealed class PortalMessages
    {
        public long Owner;
        public readonly Dictionary<string, Row> Rows = new(StringComparer.Ordinal);
    }

    private sealed class Row(StoredMessage message)
    {
        public StoredMessage Message = message;
        public readonly List<TimelineEntry> Timeline = new(2);
    }
}
