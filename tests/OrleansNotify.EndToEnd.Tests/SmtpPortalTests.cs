using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.EndToEnd.Tests.Support;
using OrleansNotify.Mail;
using OrleansNotify.Smtp.SendGrid;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.EndToEnd.Tests;

/// <summary>
/// <c>smtp</c> and <c>sendgrid-smtp</c> portals through the silo's [StatelessWorker] sender grain to a real
/// SMTP server (npm smtp-server, STARTTLS + AUTH), and the relay's submission-time X-SMTPAPI check.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SmtpPortalTests(EndToEndFixture fixture)
{
    private async Task<(string PortalId, HttpClient Client)> PortalAsync(string prefix, string body)
    {
        var portalId = Bodies.NewId(prefix);
        var key = await fixture.Admin.CreatePortalAsync(portalId, body);
        return (portalId, fixture.CreateClient(key));
    }

    private ReceivedMail ReceivedFor(string messageId) =>
        Assert.Single(fixture.Smtp.Received(), m => m.Raw.Contains(messageId, StringComparison.Ordinal));

    /// <summary>
    /// Message-level custom_args that pass the common check (raw bytes well under 10,000) but take more
    /// than 10,000 bytes as JSON unique_args, where quotes, colons and commas count too.
    /// </summary>
    private static JsonObject ArgsTooLargeForSmtpApi()
    {
        var mail = Bodies.Mail();
        var args = new JsonObject();
        for (var i = 0; i < 1_000; i++)
        {
            args[$"a{i:D3}"] = "x";
        }

        mail["custom_args"] = args;
        return mail;
    }

    [Fact]
    public async Task Submit_SmtpPortal_SentThroughRealServerWithStartTlsAndAuth()
    {
        var (portalId, client) = await PortalAsync("smtp",
            Bodies.Smtp(fixture.Smtp.Port, fixture.Certificate.CertificatePem, EndToEndFixture.SmtpUser, EndToEndFixture.SmtpPassword));

        var messageId = await client.SubmitAsync(portalId, Bodies.Mail("alice@example.com").ToJsonString());
        await client.WaitForStatusAsync(portalId, messageId, "sent");

        var received = ReceivedFor(messageId);
        Assert.Equal(["alice@example.com"], received.RcptTo);
        Assert.Equal(EndToEndFixture.SmtpUser, received.User);
        Assert.True(received.Secure);
        Assert.DoesNotContain(SmtpApiHeader.Name + ":", received.Raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Submit_SendGridSmtpPortal_SentAsApikeyWithSmtpApiHeader()
    {
        var (portalId, client) = await PortalAsync("relay",
            Bodies.SendGridSmtp(fixture.Smtp.Port, fixture.Certificate.CertificatePem, EndToEndFixture.RelayApiKey));
        var mail = Bodies.Mail("bob@example.com");
        mail["custom_args"] = new JsonObject { ["order"] = "o-42" };

        var messageId = await client.SubmitAsync(portalId, mail.ToJsonString());
        await client.WaitForStatusAsync(portalId, messageId, "sent");

        var received = ReceivedFor(messageId);
        Assert.Equal("apikey", received.User);
        var parsed = await MimeParsers.MailparserAsync(received.EmlPath);
        using var header = JsonDocument.Parse(parsed.SmtpApiJson ?? throw new Xunit.Sdk.XunitException("X-SMTPAPI header missing"));
        var args = header.RootElement.GetProperty("unique_args");
        Assert.Equal(messageId, args.GetProperty(PortalMerge.MessageIdArg).GetString());
        Assert.Equal(portalId, args.GetProperty(PortalMerge.PortalIdArg).GetString());
        Assert.Equal("o-42", args.GetProperty("order").GetString());
        Assert.Equal(["relay-default"], header.RootElement.GetProperty("category").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Submit_SendGridSmtpPortalUniqueArgsTooLarge_400NamingCustomArgs()
    {
        var (portalId, client) = await PortalAsync("relay",
            Bodies.SendGridSmtp(fixture.Smtp.Port, fixture.Certificate.CertificatePem, EndToEndFixture.RelayApiKey));
        var before = fixture.Smtp.Received().Count;

        var body = await (await client.PostMessageAsync(portalId, ArgsTooLargeForSmtpApi().ToJsonString())).ExpectAsync(HttpStatusCode.BadRequest);

        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("custom_args", error.GetProperty("field").GetString());
        Assert.Contains("10,000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("help").GetString()));
        var portal = await fixture.Admin.GetJsonAsync($"/v1/portals/{portalId}");
        Assert.Equal(0, portal.GetProperty("status").GetProperty("queued").GetInt32());
        Assert.Equal(before, fixture.Smtp.Received().Count);
    }

    [Fact]
    public async Task Submit_SmtpPortalSameLargeArgs_AcceptedBecauseTheRuleBelongsToTheRelay()
    {
        var (portalId, client) = await PortalAsync("smtp",
            Bodies.Smtp(fixture.Smtp.Port, fixture.Certificate.CertificatePem, EndToEndFixture.SmtpUser, EndToEndFixture.SmtpPassword));

        var messageId = await client.SubmitAsync(portalId, ArgsTooLargeForSmtpApi().ToJsonString());

        await client.WaitForStatusAsync(portalId, messageId, "sent");
    }
}
