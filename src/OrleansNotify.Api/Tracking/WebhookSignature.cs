using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansNotify.Api.Tracking;

public enum SignatureCheck
{
    Valid,
    /// <summary>A header is absent: 401.</summary>
    Missing,
    /// <summary>Unreadable header, wrong key or altered body: 403.</summary>
    Invalid,
    /// <summary>The timestamp is outside the replay window: 403.</summary>
    Expired,
}

/// <summary>
/// SendGrid's signed Event Webhook: ECDSA P-256 / SHA-256 over the UTF-8 timestamp header followed by
/// the raw body bytes (never re-serialised JSON); the signature is base64 DER (RFC 3279), not .NET's
/// default IEEE P1363, hence the explicit format.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>Unix seconds have at most 19 digits; the slack allows leading zeros.</summary>
    private const int MaxTimestampLength = 32;

    public static SignatureCheck Verify(string publicKey, string? signature, string? timestamp, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return SignatureCheck.Missing;
        }

        if (timestamp.Length > MaxTimestampLength || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Invalid;
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return SignatureCheck.Invalid;
        }

        // Hashed in two parts instead of copying the body behind the timestamp (a 1,000-event body is
        // ~300 KB: a large-object allocation per POST); verifying the hash is what VerifyData does.
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            Span<byte> stamp = stackalloc byte[MaxTimestampLength]; // digits only (parsed above): one byte each
            sha.AppendData(stamp[..Encoding.UTF8.GetBytes(timestamp, stamp)]);
            sha.AppendData(body);
            sha.GetHashAndReset(hash);
        }

        try
        {
            if (!WebhookKeyCache.Get(publicKey).VerifyHash(hash, der, DSASignatureFormat.Rfc3279DerSequence))
            {
                return SignatureCheck.Invalid;
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return SignatureCheck.Invalid;
        }

        // Checked after the signature, so an unsigned guess learns nothing about the window.
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        return age.Duration() > maxAge ? SignatureCheck.Expired : SignatureCheck.Valid;
    }
}
