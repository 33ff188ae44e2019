namespace OrleansNotify.Grains;

/// <summary>
/// The list of portal ids (key 0), so <c>GET /v1/portals</c> needs no scan of grain state, and the
/// portals that cannot send for a configuration problem, which <c>/health/ready</c> reports.
/// </summary>
public interface IPortalDirectoryGrain : IGrainWithIntegerKey
{
    Task AddAsync(string portalId);
    Task RemoveAsync(string portalId);
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Records (reason) or clears (null) a portal's configuration problem.</summary>
    Task SetMisconfiguredAsync(string portalId, string? reason);

    /// <summary>Portal id → reason, for every portal that cannot send now.</summary>
    Task<IReadOnlyDictionary<string, string>> GetMisconfiguredAsync();
}
