namespace OrleansNotify.Notifiers;

/// <summary>
/// Delivers messages through one kind of notifier (SendGrid API, SMTP, pickup folder). Implementations
/// are DI singletons registered under their kind (<c>AddKeyedSingleton&lt;INotifier&gt;(kind)</c>) and
/// hold only connection pools; the stateless sender grain calls them. They never change message
/// status: they report an outcome per message and the portal grain decides.
/// </summary>
public interface INotifier
{
    /// <summary>Sends every message of the job; returns one outcome per message, in any order.</summary>
    Task<IReadOnlyList<SendOutcome>> SendAsync(SendJob job, CancellationToken cancellationToken);

    /// <summary>Checks the portal's notifier without sending (keys, scopes, TLS, AUTH, round trip).</summary>
    Task<VerifyReport> VerifyAsync(string portalId, Portals.PortalConfig portal, CancellationToken cancellationToken);
}
