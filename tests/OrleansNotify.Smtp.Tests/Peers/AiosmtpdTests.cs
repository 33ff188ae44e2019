using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Peers;

/// <summary>The same notifier against a second, independent server (aiosmtpd), checked with Python's email parser.</summary>
public class AiosmtpdTests(AiosmtpdFixture fixture) : IClassFixture<AiosmtpdFixture>
{
    private PortalConfig Portal(string kind = NotifierKinds.Smtp) => SmtpTestKit.Portal(
        fixture.Server.Port, "starttls", kind: kind, user: kind == NotifierKinds.Smtp ? PeerUsers.User : null,
        password: kind == NotifierKinds.Smtp ? PeerUsers.Password : PeerUsers.ApiKey, trusted: fixture.Certificate.CertificatePem);

    [Fact]
    public async Task Send_StartTlsAndAuth_ReceivedAsSentPerPythonEmail()
    {
        using var kit = new SmtpTestKit();
        var id = Guid.NewGuid().ToString("N");
        var before = fixture.Server.Received().Count;

        var outcome = await kit.SendOneAsync(Portal(), SampleMail.Full(), id);

        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.StartsWith("PY", outcome.ProviderMessageId, StringComparison.Ordinal);
        var received = fixture.Server.Received()[before];
        Assert.True(received.Secure);
        Assert.Equal(PeerUsers.User, received.User);
        Assert.Equal(["alice@example.test", "carol@example.test", "bob@example.test"], received.RcptTo);
        SampleMail.AssertParsed(await MimeParsers.PythonEmailAsync(received.EmlPath), id);
    }

    [Fact]
    public async Task Send_OneRecipientRefused_OthersReceiveIt()
    {
        using var kit = new SmtpTestKit();
        var before = fixture.Server.Received().Count;
        var outcome = await kit.SendOneAsync(Portal(), SmtpTestKit.Mail("refuse-x@example.test", "ok@example.test"));
        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal("refuse-x@example.test", Assert.Single(outcome.RefusedRecipients!).Email);
        Assert.Equal(["ok@example.test"], fixture.Server.Received()[before].RcptTo);
    }

    [Fact]
    public async Task Send_SendGridSmtp_HeaderParsesAsJsonWithOurIds()
    {
        using var kit = new SmtpTestKit();
        var id = Guid.NewGuid().ToString("N");
        var before = fixture.Server.Received().Count;
        var outcome = await kit.SendOneAsync(Portal(NotifierKinds.SendGridSmtp), SmtpTestKit.Mail("a@example.test") with { Categories = ["c1"] }, id);

        Assert.Equal(SendResult.Sent, outcome.Result);
        var received = fixture.Server.Received()[before];
        Assert.Equal("apikey", received.User);
        var parsed = await MimeParsers.PythonEmailAsync(received.EmlPath);
        using var json = JsonDocument.Parse(parsed.SmtpApiJson!);
        Assert.Equal(id, json.RootElement.GetProperty("unique_args").GetProperty(PortalMerge.MessageIdArg).GetString());
        Assert.Equal("c1", json.RootElement.GetProperty("category")[0].GetString());
    }

    [Fact]
    public async Task Verify_Aiosmtpd_AllStepsPass()
    {
        using var kit = new SmtpTestKit();
        var report = await kit.Smtp.VerifyAsync("portal-1", Portal(), CancellationToken.None);
        Assert.True(report.Passed, string.Join("\n", report.Checks));
        Assert.Contains(report.Checks, c => c.Name == "starttls");
        Assert.Contains(report.Checks, c => c.Name == "quit");
    }
}
