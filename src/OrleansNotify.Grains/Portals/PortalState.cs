using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Portals;

/// <summary>
/// A portal's grain state: configuration, key hashes and the daily quota counter. Queue rows live in
/// the message store, never here (no O(queue) rewrite per message).
/// </summary>
[GenerateSerializer]
public sealed class PortalState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public PortalConfig? Config { get; set; }
    [Id(2)] public List<PortalKeyRecord> Keys { get; set; } = [];
    /// <summary>The UTC day <see cref="SentToday"/> counts, so a moved portal resumes its quota.</summary>
    [Id(3)] public DateOnly QuotaDay { get; set; }
    [Id(4)] public int SentToday { get; set; }
}

/// <summary>An API key as stored: its id and the SHA-256 of its secret, never the secret.</summary>
[GenerateSerializer]
public sealed record PortalKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] SecretHash,
    [property: Id(2)] DateTimeOffset CreatedAt);
