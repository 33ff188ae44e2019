using System.Security.Cryptography;
using System.Text;

namespace OrleansNotify.Messages;

/// <summary>
/// Message ids. With an Idempotency-Key the id is derived from (portal, key), so a retried submission
/// carries the same id and the portal grain keeps the first one; otherwise a time-ordered v7 GUID.
/// </summary>
public static class MessageIds
{
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    public static string FromIdempotencyKey(string portalId, string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(portalId + "\n" + idempotencyKey), hash);
        // 16 bytes as 32 hex digits: the same shape as the GUID ids, and stable across processes.
        return Convert.ToHexStringLower(hash[..16]);
    }
}
