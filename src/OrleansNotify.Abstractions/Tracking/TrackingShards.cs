namespace OrleansNotify.Tracking;

/// <summary>
/// A portal's webhook events may be ingested by several grains in parallel, one per shard of recipient
/// addresses, so a hot portal keeps several store transactions in flight. Everything one writer must
/// order stays in one shard: first-open/click marks (keyed by message and recipient) and suppressions
/// (keyed by recipient). Counters are sums, so shards add to them in any order.
/// </summary>
public static class TrackingShards
{
    /// <summary>
    /// One shard per portal unless <c>TrackingOptions.IngestShards</c> says otherwise: on two cores, four
    /// shards cost PostgreSQL twice the CPU per event (four small transactions instead of one) and stored
    /// fewer events per second. Every silo must use the same number, or two shards could briefly fold the
    /// same recipient; events already on a stream are still ingested by the key they carry.
    /// </summary>
    public const int DefaultCount = 1;

    private const char Separator = '/'; // never in a portal id (PortalConfigValidator)

    /// <summary>The shard of an event's recipient (a stable hash: it must agree across processes).</summary>
    public static int Of(TrackingEvent e, int count)
    {
        ArgumentNullException.ThrowIfNull(e);
        var hash = 2166136261u; // FNV-1a over the lower-case address, as marks and suppressions key it
        foreach (var c in e.Email.AsSpan().Trim())
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
        }

        return (int)(hash % (uint)count);
    }

    /// <summary>The <c>webhooks</c> stream key (and ingest grain key) of one shard of a portal.</summary>
    public static string StreamKey(string portalId, int shard) => $"{portalId}{Separator}{shard}";

    /// <summary>The portal of a stream key; a key without a shard is the portal itself (streams from before shards).</summary>
    public static string PortalOf(string streamKey)
    {
        ArgumentNullException.ThrowIfNull(streamKey);
        var at = streamKey.LastIndexOf(Separator);
        return at < 0 ? streamKey : streamKey[..at];
    }
}
