using System.Net;
using OrleansNotify.Grains;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Client;

/// <summary>Portal management (admin key): configuration, keys, status, verification.</summary>
public sealed partial class NotifyClient
{
    public async Task<IReadOnlyList<PortalView>> ListPortalsAsync(CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, "v1/portals");
        var list = await ReadAsync(request, ClientJsonContext.Default.PortalList, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return list!.Portals;
    }

    /// <summary>Creates or replaces a portal; the reply masks its secrets.</summary>
    public async Task<PortalView> PutPortalAsync(string portalId, PortalConfig config, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, $"v1/portals/{Uri.EscapeDataString(portalId)}", Json(config, PortalJsonContext.Default.PortalConfig));
        return (await ReadAsync(request, ClientJsonContext.Default.PortalView, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The portal with secrets masked and its status, or null when it does not exist.</summary>
    public async Task<PortalView?> GetPortalAsync(string portalId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"v1/portals/{Uri.EscapeDataString(portalId)}");
        return await ReadAsync(request, ClientJsonContext.Default.PortalView, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queue depth, pause and misconfiguration of a portal, or null when it does not exist.</summary>
    public async Task<PortalStatus?> GetPortalStatusAsync(string portalId, CancellationToken cancellationToken = default) =>
        (await GetPortalAsync(portalId, cancellationToken).ConfigureAwait(false))?.Status;

    /// <summary>True when the portal existed and is now gone.</summary>
    public async Task<bool> DeletePortalAsync(string portalId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Delete, $"v1/portals/{Uri.EscapeDataString(portalId)}");
        using var response = await SendAsync(request, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>Issues a portal API key; its secret is in this reply only.</summary>
    public async Task<CreatedPortalKey> CreateKeyAsync(string portalId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"v1/portals/{Uri.EscapeDataString(portalId)}/keys");
        return (await ReadAsync(request, ClientJsonContext.Default.CreatedPortalKey, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Runs the notifier's checks without sending.</summary>
    public async Task<VerifyReport> VerifyPortalAsync(string portalId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"v1/portals/{Uri.EscapeDataString(portalId)}/verify");
        return (await ReadAsync(request, ClientJsonContext.Default.VerifyReport, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;
    }
}
