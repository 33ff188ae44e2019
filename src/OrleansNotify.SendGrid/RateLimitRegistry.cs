using System.Collections.Concurrent;

namespace OrleansNotify.SendGrid;

/// <summary>
/// Silo-local pauses per API key (by <see cref="ApiKeyFingerprint"/>): SendGrid counts its rate limit
/// per key, so after a 429 every portal that uses the same key waits until the reset instead of
/// spending more calls that would also be refused.
/// </summary>
public sealed class RateLimitRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);

    /// <summary>The end of the key's pause, or null when it may send now.</summary>
    public DateTimeOffset? PausedUntil(string fingerprint)
    {
        if (!_pausedUntil.TryGetValue(fingerprint, out var until))
        {
            return null;
        }

        if (until > time.GetUtcNow())
        {
            return until;
        }

        // Expired: forget it, unless another 429 extended it meanwhile.
        _pausedUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(fingerprint, until));
        return null;
    }

    /// <summary>Pauses the key until <paramref name="until"/>; a later pause already recorded wins.</summary>
    public void Pause(string fingerprint, DateTimeOffset until) =>
        _pausedUntil.AddOrUpdate(fingerprint, until, (_, current) => current > until ? current : until);
}
