using System.Security.Cryptography;
using System.Text;

namespace OrleansNotify.SendGrid;

/// <summary>
/// A SHA-256 of an API key: what the rate-limit registry and the logs hold instead of the key itself,
/// so portals that share a key are recognised without keeping or printing the secret.
/// </summary>
public static class ApiKeyFingerprint
{
    public static string Of(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The first 8 hex digits: enough to tell keys apart in a log line.</summary>
    public static string Short(string fingerprint) => fingerprint.Length <= 8 ? fingerprint : fingerprint[..8];
}
