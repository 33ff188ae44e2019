using System.Security.Cryptography;
using OrleansNotify.Portals;

namespace OrleansNotify.Validation;

public static partial class PortalConfigValidator
{
    public const int MaxWebhookAgeSeconds = 7 * 24 * 3600;

    private static void CheckWebhook(WebhookSettings? webhook, ref ErrorList errors)
    {
        if (webhook is null)
        {
            return;
        }

        if (webhook.PublicKey is { } key && !IsP256PublicKey(key))
        {
            errors.Add("webhook.publicKey",
                "publicKey must be the base64 DER (SubjectPublicKeyInfo) of a P-256 public key: copy the verification key SendGrid shows in Mail Settings > Signed Event Webhook.");
        }

        if (webhook.MaxAgeSeconds is < 1 or > MaxWebhookAgeSeconds)
        {
            errors.Add("webhook.maxAgeSeconds", $"maxAgeSeconds must be 1 to {MaxWebhookAgeSeconds}.");
        }
    }

    /// <summary>True for base64 DER SPKI of an EC key on NIST P-256 (what SendGrid signs with).</summary>
    public static bool IsP256PublicKey(string base64)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(base64), out var read);
            // P-256 by OID: another 256-bit curve (e.g. brainpoolP256r1) would import but never verify.
            return read > 0 && ecdsa.ExportParameters(false).Curve.Oid.Value == "1.2.840.10045.3.1.7";
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
