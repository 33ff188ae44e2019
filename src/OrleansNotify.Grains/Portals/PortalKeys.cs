using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OrleansNotify.Grains.Portals;

/// <summary>Portal API keys: <c>ON.{portalId}.{keyId}.{secret}</c>; only the secret's SHA-256 is kept.</summary>
public static class PortalKeys
{
    public const string Prefix = "ON";

    /// <summary>A new key: 12 hex digits of id, 32 random bytes of secret (base64url).</summary>
    public static (string KeyId, string Key, byte[] SecretHash) Create(string portalId)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}.{portalId}.{keyId}.{secret}", HashSecret(secret));
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Splits a key into its parts; false when it is not shaped like one of ours.</summary>
    public static bool TryParse(string? key, out string portalId, out string keyId, out string secret)
    {
        portalId = keyId = secret = "";
        var parts = key?.Split('.');
        if (parts is not [Prefix, var p, var k, var s] || p.Length == 0 || k.Length != 12 || s.Length == 0)
        {
            return false;
        }

        (portalId, keyId, secret) = (p, k, s);
        return true;
    }
}
