using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp.Connections;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Unit;

public class RegistrationAndTrustTests
{
    [Fact]
    public void AddSmtpNotifiers_BothKinds_ResolveAsKeyedNotifiers()
    {
        using var services = new ServiceCollection().AddLogging().AddSmtpNotifiers().BuildServiceProvider();
        var smtp = Assert.IsType<SmtpNotifier>(services.GetRequiredKeyedService<INotifier>(NotifierKinds.Smtp));
        var relay = Assert.IsType<SmtpNotifier>(services.GetRequiredKeyedService<INotifier>(NotifierKinds.SendGridSmtp));
        Assert.Equal(NotifierKinds.Smtp, smtp.Kind);
        Assert.Equal(NotifierKinds.SendGridSmtp, relay.Kind);
    }

    [Fact]
    public void FromPortal_SendGridSmtp_DefaultsToTheRelayWithApikey()
    {
        var portal = new PortalConfig { Notifier = new NotifierConfig { Kind = NotifierKinds.SendGridSmtp, ApiKey = "SG.x" } };
        var endpoint = SmtpEndpoint.FromPortal(portal, 8);
        Assert.Equal(("smtp.sendgrid.net", 587, SmtpSecurity.StartTls, "apikey", "SG.x"), (endpoint.Host, endpoint.Port, endpoint.Security, endpoint.UserName, endpoint.Password));
        Assert.DoesNotContain("SG.x", endpoint.ToString(), StringComparison.Ordinal);
        Assert.Equal(SmtpSecurity.Tls, SmtpEndpoint.FromPortal(portal with { Notifier = portal.Notifier with { Port = 465 } }, 8).Security);
    }

    [Fact]
    public void CertificateTrust_TrustedAnchor_CuresChainErrorsButNeverANameMismatch()
    {
        using var trusted = TestCertificate.Create(TimeProvider.System);
        using var certificate = X509Certificate2.CreateFromPem(trusted.CertificatePem);
        var withAnchor = CertificateTrust.For(trusted.CertificatePem);
        var systemOnly = CertificateTrust.For(null);

        Assert.True(withAnchor(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(withAnchor(this, certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(withAnchor(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(systemOnly(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(systemOnly(this, certificate, null, SslPolicyErrors.None));
    }

    [Fact]
    public void CertificateTrust_OtherAnchor_RejectsTheChain()
    {
        using var trusted = TestCertificate.Create(TimeProvider.System);
        using var other = TestCertificate.Create(TimeProvider.System);
        using var certificate = X509Certificate2.CreateFromPem(other.CertificatePem);
        Assert.False(CertificateTrust.For(trusted.CertificatePem)(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }
}
