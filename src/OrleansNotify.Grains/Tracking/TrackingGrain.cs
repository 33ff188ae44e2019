using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>
/// One portal's tracking reads and suppression list. Webhook events are folded by the portal's
/// <see cref="TrackingIngestGrain"/> shards, which tell this grain when suppressions changed. Reads interleave.
/// </summary>
public sealed class TrackingGrain(ITrackingStore store) : Grain, ITrackingGrain
{
    private SuppressionSnapshot? _snapshot;
    // Bumped on every change, so a snapshot read that overlapped a change is not cached.
    private long _version;

    private string PortalId => this.GetPrimaryKeyString();

    public Task<IReadOnlyList<TrackingEvent>> GetTimelineAsync(string messageId, string? providerMessageId) =>
        store.GetTimelineAsync(PortalId, messageId, providerMessageId, CancellationToken.None);

    public async Task<IReadOnlyList<StatsBucket>> GetStatsAsync(StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var counters = await store.GetCountersAsync(PortalId, TrackingFold.HourOf(query.From), query.To, query.Category ?? "", CancellationToken.None);
        return StatsMetrics.Bucket(counters, query.Interval, query.Category);
    }

    public Task<IReadOnlyList<Suppression>> GetSuppressionsAsync() => store.GetSuppressionsAsync(PortalId, CancellationToken.None);

    public async Task<SuppressionSnapshot> GetSnapshotAsync()
    {
        if (_snapshot is { } snapshot)
        {
            return snapshot;
        }

        var version = _version;
        var list = await store.GetSuppressionsAsync(PortalId, CancellationToken.None);
        snapshot = list.Count == 0 ? SuppressionSnapshot.Empty : SuppressionSnapshot.From(list);
        if (version == _version)
        {
            _snapshot = snapshot;
        }

        return snapshot;
    }

    public async Task PutSuppressionAsync(Suppression suppression)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        await store.PutSuppressionAsync(PortalId, suppression with { Email = Suppression.Normalize(suppression.Email) }, CancellationToken.None);
        Invalidate();
    }

    public async Task<bool> DeleteSuppressionAsync(string email)
    {
        var removed = await store.DeleteSuppressionAsync(PortalId, email, CancellationToken.None);
        Invalidate();
        return removed;
    }

    public Task SuppressionsChangedAsync()
    {
        Invalidate();
        return Task.CompletedTask;
    }

    public async Task DeletePortalDataAsync()
    {
        await store.DeletePortalAsync(PortalId, CancellationToken.None);
        Invalidate();
    }

    private void Invalidate()
    {
        _version++;
        _snapshot = null;
    }
}
