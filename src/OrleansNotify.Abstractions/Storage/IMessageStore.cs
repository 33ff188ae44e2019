using OrleansNotify.Messages;

namespace OrleansNotify.Storage;

/// <summary>
/// A portal's messages: its queue rows, their status and timelines. The portal grain is the only
/// writer; every write names the owner version it got from <see cref="AcquireAsync"/>, so an activation
/// that lost its portal (a frozen silo coming back) cannot overwrite what the new owner wrote.
/// Implementations: in memory (embedded mode) and PostgreSQL (cluster mode), one contract suite for both.
/// </summary>
public interface IMessageStore
{
    /// <summary>Makes the caller the portal's owner; every older owner version becomes stale.</summary>
    Task<long> AcquireAsync(string portalId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores accepted messages in one round trip. Ids already stored are left as they are (a stream
    /// redelivery or a repeated Idempotency-Key); returns the ids that were new.
    /// </summary>
    Task<IReadOnlyList<string>> AddAsync(string portalId, long owner, IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken);

    /// <summary>The portal's messages that are not final, for an activation to rebuild its queue.</summary>
    Task<IReadOnlyList<StoredMessage>> LoadPendingAsync(string portalId, CancellationToken cancellationToken);

    /// <summary>Applies status changes in one round trip.</summary>
    /// <exception cref="StaleOwnerException">Another activation owns the portal now; nothing was written.</exception>
    Task UpdateAsync(string portalId, long owner, IReadOnlyList<MessageChange> changes, CancellationToken cancellationToken);

    /// <summary>One message with its timeline, or null.</summary>
    Task<MessageView?> GetAsync(string portalId, string messageId, CancellationToken cancellationToken);

    /// <summary>Removes every message of a deleted portal.</summary>
    Task DeletePortalAsync(string portalId, CancellationToken cancellationToken);
}

/// <summary>Thrown when a write names an owner version older than the portal's current one.</summary>
public sealed class StaleOwnerException(string portalId, long owner)
    : InvalidOperationException($"Portal '{portalId}' is owned by a newer activation than version {owner}.");
