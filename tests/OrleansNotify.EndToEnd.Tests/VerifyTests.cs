using System.Net;
using System.Text.Json;
using OrleansNotify.EndToEnd.Tests.Support;

namespace OrleansNotify.EndToEnd.Tests;

/// <summary><c>POST /v1/portals/{id}/verify</c> runs the real notifier's checks through the silo.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class VerifyTests(EndToEndFixture fixture)
{
    private async Task<JsonElement> VerifyAsync(string portalId) =>
        await (await fixture.Admin.PostAsync(new Uri($"/v1/portals/{portalId}/verify", UriKind.Relative), null)).ExpectAsync(HttpStatusCode.OK);

    private static IReadOnlyList<(string Name, bool Passed, string Message)> Checks(JsonElement report) =>
        [.. report.GetProperty("checks").EnumerateArray().Select(c =>
            (c.GetProperty("name").GetString()!, c.GetProperty("passed").GetBoolean(), c.GetProperty("message").GetString()!))];

    [Fact]
    public async Task Verify_SendGridPortal_ReportsKeyScopeAndRoundTrip()
    {
        var portalId = Bodies.NewId("sgv");
        var apiKey = fixture.NewSendGridKey();
        await fixture.Admin.CreatePortalAsync(portalId, Bodies.SendGrid(fixture.SendGrid.BaseUrl, apiKey));
        var sendsBefore = fixture.SendGrid.MailSends.Count();

        var checks = Checks(await VerifyAsync(portalId));

        Assert.True(checks.Count >= 2, string.Join("\n", checks));
        Assert.All(checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Message}"));
        Assert.Contains(checks, c => c.Name.Contains("mail.send", StringComparison.Ordinal));
        Assert.Contains(fixture.SendGrid.Requests, r => r.Path == "/v3/scopes" && r.Header("Authorization") == $"Bearer {apiKey}");
        Assert.Equal(sendsBefore, fixture.SendGrid.MailSends.Count()); // verifying sends nothing
    }

    [Fact]
    public async Task Verify_SendGridPortalWithUnknownKey_FailsTheKeyCheck()
    {
        var portalId = Bodies.NewId("sgv");
        await fixture.Admin.CreatePortalAsync(portalId, Bodies.SendGrid(fixture.SendGrid.BaseUrl, $"SG.unknown.{Guid.NewGuid():N}"));

        var checks = Checks(await VerifyAsync(portalId));

        Assert.Contains(checks, c => !c.Passed);
    }

    [Fact]
    public async Task Verify_SmtpPortal_ReportsConnectTlsAndAuthWithoutSending()
    {
        var portalId = Bodies.NewId("smv");
        await fixture.Admin.CreatePortalAsync(portalId,
            Bodies.Smtp(fixture.Smtp.Port, fixture.Certificate.CertificatePem, EndToEndFixture.SmtpUser, EndToEndFixture.SmtpPassword));
        var before = fixture.Smtp.Received().Count;

        var checks = Checks(await VerifyAsync(portalId));

        Assert.All(checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Message}"));
        Assert.Contains(checks, c => c.Name.StartsWith("auth", StringComparison.Ordinal) && c.Message.StartsWith("235", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Name.Contains("tls", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, fixture.Smtp.Received().Count);
    }
}
