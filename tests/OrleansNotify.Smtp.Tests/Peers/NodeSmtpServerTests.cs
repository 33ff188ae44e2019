using OrleansNotify.Notifiers;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Peers;

/// <summary>The smtp notifier against npm's smtp-server: STARTTLS, AUTH, SIZE, PIPELINING, refusals, 421.</summary>
public class NodeSmtpServerTests(NodeServerFixture fixture) : IClassFixture<NodeServerFixture>
{
    private OrleansNotify.Portals.PortalConfig Portal(string password = PeerUsers.Password, string? trusted = "", int concurrency = 2) =>
        SmtpTestKit.Portal(fixture.Server.Port, "starttls", user: PeerUsers.User, password: password,
            trusted: trusted == "" ? fixture.Certificate.CertificatePem : trusted, concurrency: concurrency);

    [Fact]
    public async Task Send_StartTlsAndAuth_ReceivedAsSentPerMailparser()
    {
        using var kit = new SmtpTestKit();
        var id = Guid.NewGuid().ToString("N");
        var before = fixture.Server.Received().Count;

        var outcome = await kit.SendOneAsync(Portal(), SampleMail.Full(), id);

        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.StartsWith("NODE", outcome.ProviderMessageId, StringComparison.Ordinal);
        var received = fixture.Server.Received()[before];
        Assert.True(received.Secure);
        Assert.Equal(PeerUsers.User, received.User);
        Assert.Equal("sender@notify.test", received.MailFrom);
        Assert.Equal(["alice@example.test", "carol@example.test", "bob@example.test"], received.RcptTo);
        SampleMail.AssertParsed(await MimeParsers.MailparserAsync(received.EmlPath), id);
    }

    [Fact]
    public async Task Send_OneRecipientRefused_OthersReceiveIt()
    {
        using var kit = new SmtpTestKit();
        var before = fixture.Server.Received().Count;
        var outcome = await kit.SendOneAsync(Portal(), SmtpTestKit.Mail("ok@example.test", "refuse-me@example.test"));

        Assert.Equal(SendResult.Sent, outcome.Result);
        var refused = Assert.Single(outcome.RefusedRecipients!);
        Assert.Equal("refuse-me@example.test", refused.Email);
        Assert.True(refused.Permanent);
        Assert.Equal(["ok@example.test"], fixture.Server.Received()[before].RcptTo);
    }

    [Fact]
    public async Task Send_BusyRecipientOnly_TransientWithTheNamedWait()
    {
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(Portal(), SmtpTestKit.Mail("busy@example.test"));
        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.NotNull(outcome.RetryAt);
        Assert.InRange(outcome.RetryAt!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task Send_421OnDemand_ReplacesTheConnectionThenTransient()
    {
        using var kit = new SmtpTestKit();
        var connections = fixture.Server.Connections;
        var outcome = await kit.SendOneAsync(Portal(), SmtpTestKit.Mail("close421@example.test"));
        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.True(outcome.Detail!.StartsWith("421", StringComparison.Ordinal), outcome.Detail);
        Assert.Equal(connections + 2, fixture.Server.Connections);
    }

    [Fact]
    public async Task Send_UntrustedCertificate_MisconfiguredAndNothingSent()
    {
        using var kit = new SmtpTestKit();
        var before = fixture.Server.Received().Count;
        var outcome = await kit.SendOneAsync(Portal(trusted: null), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Contains("TLS", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Server.Received().Count);
    }

    [Fact]
    public async Task Send_AnotherCertificateTrusted_Misconfigured()
    {
        using var other = TestCertificate.Create(TimeProvider.System);
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(Portal(trusted: other.CertificatePem), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Misconfigured, outcome.Result);
    }

    [Fact]
    public async Task Send_WrongPassword_MisconfiguredWithoutTheSecret()
    {
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(Portal(password: "wrong-secret"), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.DoesNotContain("wrong-secret", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LargerThanAdvertisedSize_PermanentBeforeData()
    {
        using var kit = new SmtpTestKit();
        var before = fixture.Server.Received().Count;
        var mail = SmtpTestKit.Mail("a@example.test") with { Content = [new OrleansNotify.Mail.MailContent { Type = "text/plain", Value = new string('x', 300_000) }] };
        var outcome = await kit.SendOneAsync(Portal(), mail);
        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Contains("SIZE", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Server.Received().Count);
    }

    [Fact]
    public async Task Send_JobOf20_UsesAtMostThePortalsConnections()
    {
        using var kit = new SmtpTestKit();
        var connections = fixture.Server.Connections;
        var messages = Enumerable.Range(0, 20).Select(i => SmtpTestKit.Message(SmtpTestKit.Mail($"r{i}@example.test"))).ToArray();
        var outcomes = await kit.Smtp.SendAsync(SmtpTestKit.Job(Portal(concurrency: 2), messages), CancellationToken.None);
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.InRange(fixture.Server.Connections - connections, 1, 2);
    }

    [Fact]
    public async Task Send_ImplicitTls_Received()
    {
        await using var server = await PeerSmtpServer.StartNodeAsync(new PeerServerOptions { Certificate = fixture.Certificate, ImplicitTls = true, Users = PeerUsers.All });
        using var kit = new SmtpTestKit();
        var portal = SmtpTestKit.Portal(server.Port, "tls", user: PeerUsers.User, password: PeerUsers.Password, trusted: fixture.Certificate.CertificatePem);
        var outcome = await kit.SendOneAsync(portal, SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.True(Assert.Single(server.Received()).Secure);
    }

    [Fact]
    public async Task Verify_StartTlsPortal_ReportsEachStepWithRepliesAndNothingSent()
    {
        using var kit = new SmtpTestKit();
        var before = fixture.Server.Received().Count;
        var report = await kit.Smtp.VerifyAsync("portal-1", Portal(), CancellationToken.None);

        Assert.True(report.Passed, string.Join("\n", report.Checks));
        Assert.Equal(["connect", "ehlo", "starttls", "ehlo", "tls", "auth:plain", "quit"], report.Checks.Select(c => c.Name));
        Assert.StartsWith("220", report.Checks[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("235", report.Checks.Single(c => c.Name == "auth:plain").Message, StringComparison.Ordinal);
        Assert.All(report.Checks.Where(c => c.Name != "tls"), c => Assert.NotNull(c.ElapsedMs));
        Assert.All(report.Checks, c => Assert.DoesNotContain(PeerUsers.Password, c.Message, StringComparison.Ordinal));
        Assert.Equal(before, fixture.Server.Received().Count);
    }

    [Fact]
    public async Task Verify_WrongPassword_AuthCheckFails()
    {
        using var kit = new SmtpTestKit();
        var report = await kit.Smtp.VerifyAsync("portal-1", Portal(password: "nope"), CancellationToken.None);
        Assert.False(report.Passed);
        // MailKit tries each mechanism the server offers: every attempt is a failed auth step.
        var failed = report.Checks.Where(c => !c.Passed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, c => Assert.StartsWith("auth:", c.Name, StringComparison.Ordinal));
        Assert.All(failed, c => Assert.StartsWith("535", c.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(report.Checks, c => c.Name == "quit");
    }
}
