using System.Security.Cryptography;
using System.Text;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Security;

/// <summary>
/// A portal API key as issued by the portal grain: <c>ON.{portalId}.{keyId}.{secret}</c>. Portal ids,
/// key ids and base64url secrets contain no dots, so the four parts split cleanly.
/// </summary>
public readonly record struct PortalKey(string PortalId, string KeyId, string Secret)
{
    public const string Prefix = "ON.";

    public static bool TryParse(string token, out PortalKey key)
    {
        key = default;
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 4 || parts[2].Length == 0 || parts[3].Length == 0 || !PortalConfigValidator.IsValidPortalId(parts[1]))
        {
            return false;
        }

        key = new PortalKey(parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>What the portal grain stores and compares: SHA-256 of the secret's UTF-8 text.</summary>
    public byte[] SecretHash() => SHA256.HashData(Encoding.UTF8.GetBytes(Secret));
}
