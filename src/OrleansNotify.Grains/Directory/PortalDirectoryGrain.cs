namespace OrleansNotify.Grains.Directory;

/// <summary>The portal ids (so listing needs no scan) and the portals that cannot send for a configuration problem.</summary>
public sealed class PortalDirectoryGrain(
    [PersistentState("directory", NotifyNames.PortalStorage)] IPersistentState<PortalDirectoryState> state)
    : Grain, IPortalDirectoryGrain
{
    public async Task AddAsync(string portalId)
    {
        if (state.State.PortalIds.Add(portalId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string portalId)
    {
        var removed = state.State.PortalIds.Remove(portalId);
        removed |= state.State.Misconfigured.Remove(portalId);
        if (removed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.PortalIds.Order(StringComparer.Ordinal).ToArray());

    public async Task SetMisconfiguredAsync(string portalId, string? reason)
    {
        var current = state.State.Misconfigured.GetValueOrDefault(portalId);
        if (current == reason)
        {
            return;
        }

        if (reason is null)
        {
            state.State.Misconfigured.Remove(portalId);
        }
        else
        {
            state.State.Misconfigured[portalId] = reason;
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyDictionary<string, string>> GetMisconfiguredAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(state.State.Misconfigured, StringComparer.Ordinal));
}

[GenerateSerializer]
public sealed class PortalDirectoryState
{
    [Id(0)] public HashSet<string> PortalIds { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, string> Misconfigured { get; set; } = new(StringComparer.Ordinal);
}
