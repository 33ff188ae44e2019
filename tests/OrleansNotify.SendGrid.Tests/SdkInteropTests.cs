using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using SdkMail = global::SendGrid.Helpers.Mail;

namespace OrleansNotify.SendGrid.Tests;

/// <summary>Our wire format against the official SDK's own model, both ways.</summary>
public sealed class SdkInteropTests
{
    [Fact]
    public async Task SentBody_ParsesWithTheSdkModel()
    {
        await using var h = await Harness.StartAsync();
        var defaults = new PortalDefaults { Categories = ["news"], IpPoolName = "pool-a", OpenTracking = true };

        await h.SendAsync("portal-9", h.Portal(defaults: defaults), Harness.Mail("ann@example.com", "Hi Ann"), Harness.Mail("bob@example.com", "Hi Ann"));

        var body = Assert.Single(h.Server.MailSends).BodyText;
        var sdk = Newtonsoft.Json.JsonConvert.DeserializeObject<SdkMail.SendGridMessage>(body)!;
        Assert.Equal("sender@example.org", sdk.From.Email);
        Assert.Equal("Hi Ann", sdk.Subject);
        Assert.Equal(["news"], sdk.Categories);
        Assert.Equal("pool-a", sdk.IpPoolName);
        Assert.True(sdk.TrackingSettings.OpenTracking.Enable);
        Assert.Equal(["ann@example.com", "bob@example.com"], sdk.Personalizations.Select(p => p.Tos.Single().Email));
        Assert.All(sdk.Personalizations, p => Assert.Equal("portal-9", p.CustomArgs[PortalMerge.PortalIdArg]));
        Assert.Equal(["msg-00000", "msg-00001"], sdk.Personalizations.Select(p => p.CustomArgs[PortalMerge.MessageIdArg]));
    }

    [Fact]
    public async Task SdkBuiltMessage_IsReadAndSentByTheNotifier()
    {
        await using var h = await Harness.StartAsync();
        var sdk = SdkMail.MailHelper.CreateSingleEmail(
            new SdkMail.EmailAddress("sender@example.org", "Sender"), new SdkMail.EmailAddress("carol@example.com"),
            "From the SDK", "plain text", "<p>html</p>");
        var ours = JsonSerializer.Deserialize(sdk.Serialize(), MailJsonContext.Default.MailSendRequest)!;

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), ours));

        Assert.Equal(SendResult.Sent, outcome.Result);
        var sent = Assert.Single(h.Server.MailSends).Mail();
        Assert.Equal(["text/plain", "text/html"], sent.Content!.Select(c => c.Type));
        Assert.Equal("carol@example.com", sent.Personalizations![0].To![0].Email);
    }

    [Fact]
    public async Task SentBody_KeepsHtmlAndNonAsciiUnescaped()
    {
        await using var h = await Harness.StartAsync();
        var mail = Harness.Mail(subject: "Grüße, 東京") with
        {
            Content = [new MailContent { Type = "text/plain", Value = "a & b" }, new MailContent { Type = "text/html", Value = "<b>Grüße</b>" }],
        };

        await h.SendAsync(h.Portal(), mail);

        var request = Assert.Single(h.Server.MailSends);
        Assert.Contains("\"Grüße, 東京\"", request.BodyText, StringComparison.Ordinal);
        Assert.Contains("<b>Grüße</b>", request.BodyText, StringComparison.Ordinal);
        Assert.Equal("<b>Grüße</b>", request.Mail().Content![1].Value);
        Assert.Equal("Grüße, 東京", Newtonsoft.Json.JsonConvert.DeserializeObject<SdkMail.SendGridMessage>(request.BodyText)!.Subject);
    }
}
