using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains;

/// <summary>
/// Executes sends for one notifier kind (key = kind, e.g. <c>sendgrid</c>). A [StatelessWorker]: as many
/// activations per silo as there is work, holding nothing but the notifier's connection pools.
/// </summary>
public interface ISenderGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<SendOutcome>> SendAsync(SendJob job, GrainCancellationToken? cancellation = null);

    Task<VerifyReport> VerifyAsync(string portalId, PortalConfig portal);
}
