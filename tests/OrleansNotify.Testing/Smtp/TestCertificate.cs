using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansNotify.Testing.Smtp;

/// <summary>
/// A self-signed certificate for 127.0.0.1 / localhost, made at test time (no keys in the repository),
/// written as PEM files the Node and Python servers load. <see cref="CertificatePem"/> is what a portal
/// puts in <c>trustedCertificate</c>.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(string folder, string certificatePem, string keyPem)
    {
        Folder = folder;
        CertificatePem = certificatePem;
        CertificatePath = Path.Combine(folder, "cert.pem");
        KeyPath = Path.Combine(folder, "key.pem");
        File.WriteAllText(CertificatePath, certificatePem);
        File.WriteAllText(KeyPath, keyPem);
    }

    public string Folder { get; }
    public string CertificatePem { get; }
    public string CertificatePath { get; }
    public string KeyPath { get; }

    public static TestCertificate Create(TimeProvider time, string commonName = "localhost")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(commonName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        var folder = Directory.CreateTempSubdirectory("notify-smtp-cert-").FullName;
        return new TestCertificate(folder, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
