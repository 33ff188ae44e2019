using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Events.Tests.Support;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.Events.Tests.Api;

/// <summary>Events on a sendgrid portal, against the fake SendGrid: SendGrid's templates or ours.</summary>
[Collection(HttpCollection.Name)]
public sealed class SendGridEventsTests(HttpSiloFixture fixture) : IAsyncLifetime
{
    private readonly EventsSilo _silo = fixture.Silo;
    private FakeSendGridServer _sendGrid = null!;

    public async Task InitializeAsync() => _sendGrid = await FakeSendGridServer.StartAsync();

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    [Fact]
    public async Task PostEvent_SendGridTemplateRule_SendsTemplateIdWithEventDataAsDynamicData()
    {
        var portalId = await _silo.CreateSendGridPortalAsync(_sendGrid.BaseUrl, FakeSendGridServer.DefaultApiKey);
        await _silo.Admin.PutAsync($"/v1/portals/{portalId}/rules/video.published",
            """{"sendGridTemplateId":"d-0123456789abcdef","recipients":"data.owner"}""", HttpStatusCode.Created);
        var evt = EventCalls.VideoEvent(EventCalls.NewId("e"), portalId);

        await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", evt.ToJsonString(), HttpStatusCode.Accepted);
        await _sendGrid.WaitForAcceptedPersonalizationsAsync(1, EventCalls.Timeout);

        var body = JsonNode.Parse(Assert.Single(_sendGrid.MailSends).BodyText)!;
        Assert.Equal("d-0123456789abcdef", body["template_id"]!.GetValue<string>());
        Assert.Null(body["content"]);
        var personalization = body["personalizations"]![0]!;
        Assert.Equal("zoe@example.com", personalization["to"]![0]!["email"]!.GetValue<string>());
        Assert.Equal("Zoë Ünal", personalization["to"]![0]!["name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(evt["data"], personalization["dynamic_template_data"]),
            $"dynamic_template_data {personalization["dynamic_template_data"]} is not the event's data {evt["data"]}");
        Assert.Equal(evt["id"]!.GetValue<string>(), body["custom_args"]!["notify_event_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEvent_OurTemplateOnSendGrid_SendsTheSameRenderedEmailAsPickup()
    {
        var portalId = await _silo.CreateSendGridPortalAsync(_sendGrid.BaseUrl, FakeSendGridServer.DefaultApiKey);
        await _silo.AddVideoRuleAsync(portalId);
        var (pickupId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(pickupId);
        var eventId = EventCalls.NewId("e");

        await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", EventCalls.VideoEvent(eventId, portalId).ToJsonString(), HttpStatusCode.Accepted);
        var pickup = await _silo.Admin.PostAsync($"/v1/portals/{pickupId}/events", EventCalls.VideoEvent(eventId, pickupId).ToJsonString(), HttpStatusCode.Accepted);
        await _sendGrid.WaitForAcceptedPersonalizationsAsync(1, EventCalls.Timeout);
        var eml = EventCalls.Load((await EventCalls.WaitForEmlAsync(folder, pickup.GetProperty("results")[0].GetProperty("messageIds")[0].GetString()!))[0]);

        var mail = Assert.Single(_sendGrid.MailSends).Mail();
        Assert.Equal(eml.Subject, mail.Subject);
        Assert.Equal(["text/plain", "text/html"], mail.Content!.Select(c => c.Type));
        Assert.Equal((eml.TextBody ?? "").TrimEnd(), mail.Content![0].Value);
        Assert.Equal(eml.HtmlBody, mail.Content![1].Value);
        Assert.Null(mail.TemplateId);
    }
}
