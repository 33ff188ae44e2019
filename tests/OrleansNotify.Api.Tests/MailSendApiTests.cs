using System.Net;
using OrleansNotify.Api.Tests.Support;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace OrleansNotify.Api.Tests;

/// <summary>/v3/mail/send behaves as SendGrid's, down to its official SDK.</summary>
[Collection(SiloCollection.Name)]
public sealed class MailSendApiTests(SiloFixture silo)
{
    [Fact]
    public async Task MailSend_ValidBody_Returns202WithMessageIdHeaderAndEmptyBody()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        using var client = silo.CreateClient(await silo.CreateKeyAsync(portalId));

        using var response = await client.PostJsonAsync("/v3/mail/send", ApiCalls.Mail());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var messageId = Assert.Single(response.Headers.GetValues("X-Message-Id"));
        await silo.Admin.WaitForStatusAsync(portalId, messageId, "sent");
        Assert.Single(ApiCalls.EmlFiles(folder, messageId));
    }

    [Fact]
    public async Task MailSend_InvalidBody_Returns400InSendGridShape()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        using var client = silo.CreateClient(await silo.CreateKeyAsync(portalId));

        var body = await (await client.PostJsonAsync("/v3/mail/send", """{"personalizations":[],"subject":"x"}"""))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("personalizations", body.ErrorFields());
        Assert.All(body.GetProperty("errors").EnumerateArray(), e => Assert.True(e.TryGetProperty("message", out _)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("SG.a-real-looking-sendgrid-key")]
    public async Task MailSend_MissingOrBadKey_Returns401WithSendGridErrorBody(string? key)
    {
        using var client = silo.CreateClient(key);

        var body = await (await client.PostJsonAsync("/v3/mail/send", ApiCalls.Mail())).ExpectAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("The provided authorization grant is invalid, expired, or revoked",
            body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task MailSend_AdminKey_Returns403BecauseItHasNoPortal()
    {
        await (await silo.Admin.PostJsonAsync("/v3/mail/send", ApiCalls.Mail())).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SendGridSdk_PointedAtTheSilo_SendsThroughThePortal()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        var options = new SendGridClientOptions { ApiKey = await silo.CreateKeyAsync(portalId), Host = silo.BaseAddress.ToString().TrimEnd('/') };
        var sendGrid = new SendGridClient(options);
        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress("app@example.com", "The App"), new EmailAddress("user@example.com"),
            "From the official SDK", "plain text body", "<p>html body</p>");

        var response = await sendGrid.SendEmailAsync(mail);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(response.IsSuccessStatusCode);
        var messageId = Assert.Single(response.Headers.GetValues("X-Message-Id"));
        await silo.Admin.WaitForStatusAsync(portalId, messageId, "sent");
        var eml = await File.ReadAllTextAsync(Assert.Single(ApiCalls.EmlFiles(folder, messageId)));
        Assert.Contains("From the official SDK", eml, StringComparison.Ordinal);
    }
}
