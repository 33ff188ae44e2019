using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansNotify.Tracking.Tests.Support;

/// <summary>Signs webhook bodies as SendGrid does: a fresh P-256 key, DER signature over timestamp + body.</summary>
public sealed class WebhookSigner : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKey => Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());

    public string Sign(string timestamp, byte[] body)
    {
        var data = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        return Convert.ToBase64String(_key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _key.Dispose();
}
