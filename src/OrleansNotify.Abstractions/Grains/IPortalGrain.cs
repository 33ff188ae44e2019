using Orleans.Concurrency;
using OrleansNotify.Messages;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains;

/// <summary>
/// One portal (key = portal id): its configuration, API keys, send queue, throttle and provider
/// back-off. Submitted messages reach it through its stream (implicit subscription, stream id = portal
/// id); everything else comes through these calls.
/// </summary>
public interface IPortalGrain : IGrainWithStringKey
{
    /// <summary>The portal with secrets masked, or null when it does not exist.</summary>
    [AlwaysInterleave] Task<PortalView?> GetAsync();

    /// <summary>Creates or replaces the configuration (validated by the caller). True when created.</summary>
    Task<bool> PutAsync(PortalConfig config);

    /// <summary>Removes the portal, its keys and its queue. False when it did not exist.</summary>
    Task<bool> DeleteAsync();

    /// <summary>Issues an API key; the secret is in the result only, the portal keeps a hash.</summary>
    Task<CreatedPortalKey?> CreateKeyAsync();

    /// <summary>True when the key (its id and the SHA-256 of its secret) is one of this portal's live keys.</summary>
    [AlwaysInterleave] Task<bool> CheckKeyAsync(string keyId, byte[] secretHash);

    /// <summary>What the front door needs to accept a message: does the portal exist, its defaults.</summary>
    [AlwaysInterleave] Task<PortalSubmitInfo?> GetSubmitInfoAsync();

    [AlwaysInterleave] Task<MessageView?> GetMessageAsync(string messageId);

    /// <summary>Cancels a message that has not been sent yet.</summary>
    Task<CancelResult> CancelMessageAsync(string messageId);

    /// <summary>Queue depth, pause and misconfiguration: what the portal's status and readiness show.</summary>
    [AlwaysInterleave] Task<PortalStatus?> GetStatusAsync();

    /// <summary>Runs the notifier's checks without sending.</summary>
    Task<VerifyReport?> VerifyAsync();
}
