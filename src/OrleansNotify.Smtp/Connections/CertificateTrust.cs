using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OrleansNotify.Smtp.Connections;

/// <summary>
/// Server certificate checks: the system's trust store, or the portal's own PEM certificate / CA for a
/// private relay. A wrong host name always fails; nothing here accepts any certificate.
/// </summary>
public static class CertificateTrust
{
    public static RemoteCertificateValidationCallback For(string? trustedPem)
    {
        if (string.IsNullOrWhiteSpace(trustedPem))
        {
            return static (_, _, _, errors) => errors == SslPolicyErrors.None;
        }

        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPem(trustedPem);
        return (_, certificate, _, errors) => Validate(anchors, certificate, errors);
    }

    private static bool Validate(X509Certificate2Collection anchors, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only chain errors may be cured by the portal's anchor; a name mismatch or no certificate never is.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        // A private CA publishes no revocation lists the relay's clients could reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
