using System.Security.Cryptography;

namespace OrleansNotify.Api.Tracking;

/// <summary>
/// Imported webhook public keys, per thread: importing the DER key cost a parse and an OpenSSL key object
/// on every POST. Per thread because an <see cref="ECDsa"/> instance is not documented as safe for
/// concurrent use; a key string that does not import is never cached, so it stays a 403 every time.
/// </summary>
internal static class WebhookKeyCache
{
    /// <summary>Keys per thread before the cache starts over (portals rarely share a thread's traffic at once).</summary>
    private const int Capacity = 64;

    [ThreadStatic]
    private static Dictionary<string, ECDsa>? t_keys;

    /// <exception cref="CryptographicException">Not a DER SubjectPublicKeyInfo.</exception>
    /// <exception cref="FormatException">Not base64.</exception>
    public static ECDsa Get(string publicKey)
    {
        var keys = t_keys ??= new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        if (keys.TryGetValue(publicKey, out var cached))
        {
            return cached;
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }

        if (keys.Count >= Capacity)
        {
            foreach (var old in keys.Values)
            {
                old.Dispose();
            }

            keys.Clear();
        }

        keys.Add(publicKey, ecdsa);
        return ecdsa;
    }
}
