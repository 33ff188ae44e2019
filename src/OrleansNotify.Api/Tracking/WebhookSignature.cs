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

    public static SignatureCheck Verify(string publicKey, string? signature, string? timestamp, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
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

        // Signed data = timestamp bytes + body bytes, in one buffer (VerifyData takes one span).
        var stampLength = Encoding.UTF8.GetByteCount(timestamp);
        var data = new byte[stampLength + body.Length];
        Encoding.UTF8.GetBytes(timestamp, data);
        body.CopyTo(data.AsSpan(stampLength));
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            if (!ecdsa.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
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
