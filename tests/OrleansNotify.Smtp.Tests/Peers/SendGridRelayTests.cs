using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp.SendGrid;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Peers;

/// <summary>A sendgrid-smtp portal against npm smtp-server listening as the relay.</summary>
public class SendGridRelayTests(NodeServerFixture fixture) : IClassFixture<NodeServerFixture>
{
    private PortalConfig Portal(PortalDefaults? defaults = null) => SmtpTestKit.Portal(
        fixture.Server.Port, "starttls", kind: NotifierKinds.SendGridSmtp, password: PeerUsers.ApiKey,
        trusted: fixture.Certificate.CertificatePem, defaults: defaults);

    private static MailSendRequest WithArgs()
    {
        var mail = SmtpTestKit.Mail("alice@example.test") with
        {
            Categories = ["orders"],
            CustomArgs = Enumerable.Range(0, 40).ToDictionary(i => $"arg{i}", i => $"value number {i}"),
            Asm = new Asm { GroupId = 7 },
            SendAt = 1_900_000_000,
        };
        return mail with { Personalizations = [mail.Personalizations![0] with { CustomArgs = new Dictionary<string, string> { ["user"] = "u-1" } }] };
    }

    [Fact]
    public async Task Send_SendGridSmtp_AuthenticatesAsApikeyWithAFoldedSmtpApiHeader()
    {
        using var kit = new SmtpTestKit();
        var id = Guid.NewGuid().ToString("N");
        var before = fixture.Server.Received().Count;
        var defaults = new PortalDefaults { Categories = ["portal-cat"], IpPoolName = "pool-a", ClickTracking = true, TextTracking = true, OpenTracking = true };

        var outcome = await kit.SendOneAsync(Portal(defaults), WithArgs(), id);

        Assert.Equal(SendResult.Sent, outcome.Result);
        var received = fixture.Server.Received()[before];
        Assert.Equal("apikey", received.User);
        Assert.True(received.Secure);

        // Folded: several lines, each under 1,000 characters, continuation lines start with a space.
        var raw = received.Raw;
        var headerLines = HeaderLines(raw, SmtpApiHeader.Name);
        Assert.True(headerLines.Count > 5);
        Assert.All(raw.Split("\r\n"), l => Assert.True(l.Length <= 998));
        Assert.All(headerLines, l => Assert.True(l.Length < 120, l));

        var parsed = await MimeParsers.MailparserAsync(received.EmlPath);
        using var json = JsonDocument.Parse(parsed.SmtpApiJson!);
        var root = json.RootElement;
        var args = root.GetProperty("unique_args");
        Assert.Equal(id, args.GetProperty(PortalMerge.MessageIdArg).GetString());
        Assert.Equal("portal-1", args.GetProperty(PortalMerge.PortalIdArg).GetString());
        Assert.Equal("u-1", args.GetProperty("user").GetString());
        Assert.Equal("value number 39", args.GetProperty("arg39").GetString());
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(args.GetRawText()) <= SmtpApiHeader.MaxUniqueArgsBytes);
        Assert.Equal(["orders", "portal-cat"], root.GetProperty("category").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, root.GetProperty("filters").GetProperty("clicktrack").GetProperty("settings").GetProperty("enable_text").GetInt32());
        Assert.Equal("pool-a", root.GetProperty("ip_pool").GetString());
        Assert.Equal(7, root.GetProperty("asm_group_id").GetInt32());
        Assert.Equal(1_900_000_000, root.GetProperty("send_at").GetInt64());

        // The second, independent parser reads the same JSON.
        var python = await MimeParsers.PythonEmailAsync(received.EmlPath);
        using var again = JsonDocument.Parse(python.SmtpApiJson!);
        Assert.Equal(id, again.RootElement.GetProperty("unique_args").GetProperty(PortalMerge.MessageIdArg).GetString());
    }

    [Fact]
    public async Task Send_SandboxPortal_SandboxedAndNothingSent()
    {
        using var kit = new SmtpTestKit();
        var before = fixture.Server.Received().Count;
        var connections = fixture.Server.Connections;
        var outcome = await kit.SendOneAsync(Portal(new PortalDefaults { SandboxMode = true }), WithArgs());
        Assert.Equal(SendResult.Sandboxed, outcome.Result);
        Assert.Equal(before, fixture.Server.Received().Count);
        Assert.Equal(connections, fixture.Server.Connections);
    }

    [Fact]
    public async Task Send_UniqueArgsTooLarge_PermanentAndNothingSent()
    {
        using var kit = new SmtpTestKit();
        var before = fixture.Server.Received().Count;
        var mail = SmtpTestKit.Mail("a@example.test") with { CustomArgs = Enumerable.Range(0, 150).ToDictionary(i => $"k{i}", _ => new string('v', 80)) };
        var outcome = await kit.SendOneAsync(Portal(), mail);
        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Contains("10,000", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Server.Received().Count);
    }

    [Fact]
    public async Task Verify_SendGridSmtp_AuthenticatesAsApikey()
    {
        using var kit = new SmtpTestKit();
        var report = await kit.SendGridSmtp.VerifyAsync("portal-1", Portal(), CancellationToken.None);
        Assert.True(report.Passed, string.Join("\n", report.Checks));
        Assert.Contains(report.Checks, c => c.Name.StartsWith("auth:", StringComparison.Ordinal) && c.Message.StartsWith("235", StringComparison.Ordinal));
    }

    private static List<string> HeaderLines(string raw, string name)
    {
        var lines = raw.Split("\r\n");
        var start = Array.FindIndex(lines, l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
        Assert.True(start >= 0, name + " header missing");
        var result = new List<string> { lines[start] };
        for (var i = start + 1; i < lines.Length && lines[i].StartsWith(' '); i++)
        {
            result.Add(lines[i]);
        }

        return result;
    }
}
