using System.Net;
using System.Text.Json.Nodes;
using OrleansNotify.Events.Tests.Support;
using OrleansNotify.Grains.Events;

namespace OrleansNotify.Events.Tests.Api;

[Collection(HttpCollection.Name)]
public sealed class EventsApiTests(HttpSiloFixture fixture)
{
    private readonly EventsSilo _silo = fixture.Silo;

    [Fact]
    public async Task PostEvent_RuleWithTemplate_PickupWritesRenderedEmail()
    {
        var (portalId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);
        var eventId = EventCalls.NewId("e");

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", EventCalls.VideoEvent(eventId, portalId).ToJsonString(), HttpStatusCode.Accepted);

        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("accepted", result.GetProperty("outcome").GetString());
        var messageId = Assert.Single(result.GetProperty("messageIds").EnumerateArray()).GetString()!;
        Assert.Equal(EventMessageBuilder.MessageId(portalId, eventId, "video.published", 0), messageId);
        var eml = EventCalls.Load(Assert.Single(await EventCalls.WaitForEmlAsync(folder, messageId)));
        Assert.Equal("zoe@example.com", Assert.Single(eml.To.Mailboxes).Address);
        Assert.Equal("New video: Tom & Jerry <3", eml.Subject);
        Assert.Equal("<p>Tom &amp; Jerry &lt;3 by Zoë Ünal</p><ul><li>cartoon</li><li>classic</li></ul>", eml.HtmlBody);
        Assert.Equal("Tom & Jerry <3 by Zoë Ünal", (eml.TextBody ?? "").TrimEnd());
    }

    [Fact]
    public async Task PostEvent_SameIdTwice_SendsOnce()
    {
        var (portalId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);
        var evt = EventCalls.VideoEvent(EventCalls.NewId("e"), portalId).ToJsonString();
        var first = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", evt, HttpStatusCode.Accepted);
        var messageId = first.GetProperty("results")[0].GetProperty("messageIds")[0].GetString()!;
        await EventCalls.WaitForEmlAsync(folder, messageId);

        var second = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", evt, HttpStatusCode.Accepted);
        Assert.Equal(messageId, second.GetProperty("results")[0].GetProperty("messageIds")[0].GetString());
        // A later event through the same portal queue: once it is written, the duplicate was handled too.
        var marker = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events",
            EventCalls.VideoEvent(EventCalls.NewId("m"), portalId).ToJsonString(), HttpStatusCode.Accepted);
        await EventCalls.WaitForEmlAsync(folder, marker.GetProperty("results")[0].GetProperty("messageIds")[0].GetString()!);

        Assert.Single(Directory.GetFiles(folder, $"{messageId}-*.eml"));
    }

    [Fact]
    public async Task PostEvent_TypeWithoutRule_RecordedAsIgnored()
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        var eventId = EventCalls.NewId("e");
        var evt = EventCalls.VideoEvent(eventId, portalId);
        evt["type"] = "user.invited";

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", evt.ToJsonString(), HttpStatusCode.Accepted);

        Assert.Equal("ignored", body.GetProperty("results")[0].GetProperty("outcome").GetString());
        var entry = await _silo.Admin.SendAsync(HttpMethod.Get, $"/v1/portals/{portalId}/events/{eventId}", null, HttpStatusCode.OK);
        Assert.Equal("ignored", entry.GetProperty("result").GetProperty("outcome").GetString());
        Assert.Equal("user.invited", entry.GetProperty("type").GetString());
        var log = await _silo.Admin.SendAsync(HttpMethod.Get, $"/v1/portals/{portalId}/events", null, HttpStatusCode.OK);
        Assert.Equal(eventId, log.GetProperty("events")[0].GetProperty("result").GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task PostEvents_BatchWithOneInvalid_400NamesFieldAndProcessesNone()
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);
        var good = EventCalls.VideoEvent(EventCalls.NewId("e"), portalId);
        var bad = EventCalls.VideoEvent(EventCalls.NewId("e"), portalId);
        bad.Remove("type");

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", new JsonArray(good, bad).ToJsonString(), HttpStatusCode.BadRequest);

        Assert.Equal(["1.type"], body.ErrorFields());
        await _silo.Admin.SendAsync(HttpMethod.Get, $"/v1/portals/{portalId}/events/{good["id"]}", null, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("id", null, "id")]
    [InlineData("data", "\"text\"", "data")]
    [InlineData("occurredAt", "\"yesterday\"", "occurredAt")]
    [InlineData("recipients", "[\"not-an-address\"]", "recipients.0")]
    [InlineData("portalId", "\"another-portal\"", "portalId")]
    [InlineData("type", "\"has space\"", "type")]
    public async Task PostEvent_InvalidField_400NamesIt(string property, string? json, string field)
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        var evt = EventCalls.VideoEvent(EventCalls.NewId("e"), portalId);
        evt[property] = json is null ? null : JsonNode.Parse(json);

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", evt.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.Equal([field], body.ErrorFields());
    }

    [Fact]
    public async Task PostEvent_UnknownPortal_404()
    {
        var portalId = EventCalls.NewId("none");
        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", EventCalls.VideoEvent("e1", portalId).ToJsonString(), HttpStatusCode.NotFound);
        Assert.Equal(["portalId"], body.ErrorFields());
    }

    [Fact]
    public async Task PostEvent_RuleWithoutRecipients_UsesEventRecipientsOneMessageEach()
    {
        var (portalId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.Admin.PutAsync($"/v1/portals/{portalId}/templates/hello", """{"subject":"Hi","text":"Hello {{who}}"}""", HttpStatusCode.Created);
        await _silo.Admin.PutAsync($"/v1/portals/{portalId}/rules/user.invited", """{"templateId":"hello"}""", HttpStatusCode.Created);
        var evt = new JsonObject
        {
            ["id"] = EventCalls.NewId("e"), ["type"] = "user.invited", ["occurredAt"] = "2026-11-24T12:00:00+01:00",
            ["data"] = new JsonObject { ["who"] = "team" }, ["recipients"] = new JsonArray("a@example.com", "b@example.com"),
        };

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", evt.ToJsonString(), HttpStatusCode.Accepted);

        var ids = body.GetProperty("results")[0].GetProperty("messageIds").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(2, ids.Distinct().Count());
        var to = new List<string>();
        foreach (var id in ids)
        {
            to.Add(EventCalls.Load((await EventCalls.WaitForEmlAsync(folder, id))[0]).To.Mailboxes.Single().Address);
        }

        Assert.Equal(["a@example.com", "b@example.com"], to);
    }

    [Fact]
    public async Task PostEvent_NoRecipientsAnywhere_RejectedNamingRecipients()
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        await _silo.Admin.PutAsync($"/v1/portals/{portalId}/templates/hello", """{"subject":"Hi","text":"Hello"}""", HttpStatusCode.Created);
        await _silo.Admin.PutAsync($"/v1/portals/{portalId}/rules/user.invited", """{"templateId":"hello"}""", HttpStatusCode.Created);
        var evt = new JsonObject { ["id"] = "e1", ["type"] = "user.invited", ["occurredAt"] = "2026-11-24T12:00:00Z", ["data"] = new JsonObject() };

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events", evt.ToJsonString(), HttpStatusCode.Accepted);

        var result = body.GetProperty("results")[0];
        Assert.Equal("rejected", result.GetProperty("outcome").GetString());
        Assert.Equal("recipients", result.GetProperty("field").GetString());
        Assert.Equal(0, result.GetProperty("messageIds").GetArrayLength());
    }
}
