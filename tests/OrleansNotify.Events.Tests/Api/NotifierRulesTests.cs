using System.Net;
using System.Text.Json.Nodes;
using OrleansNotify.Events.Tests.Support;

namespace OrleansNotify.Events.Tests.Api;

/// <summary>
/// A message built from an event passes the portal kind's submission rules too (a sendgrid-smtp portal's
/// X-SMTPAPI limits), as a message posted directly does; one that breaks them rejects the event.
/// </summary>
[Collection(HttpCollection.Name)]
public sealed class NotifierRulesTests(HttpSiloFixture fixture)
{
    private readonly EventsSilo _silo = fixture.Silo;

    // notify_event_id goes into X-SMTPAPI unique_args; each '&' is escaped to 6 characters there, so 160 of
    // them (962 with the quotes) cannot fold into a header line, yet the id is a valid event id.
    private static readonly string UnfoldableEventId = new('&', 160);

    [Fact]
    public async Task PostEvent_SendGridSmtpPortalArgsBreakXSmtpApi_RejectedAndLoggedWithReason()
    {
        var portalId = await CreateSendGridSmtpPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events",
            EventCalls.VideoEvent(UnfoldableEventId, portalId).ToJsonString(), HttpStatusCode.Accepted);

        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("rejected", result.GetProperty("outcome").GetString());
        Assert.Equal("custom_args.notify_event_id", result.GetProperty("field").GetString());
        var entry = await _silo.Admin.SendAsync(HttpMethod.Get,
            $"/v1/portals/{portalId}/events/{Uri.EscapeDataString(UnfoldableEventId)}", null, HttpStatusCode.OK);
        Assert.Equal("rejected", entry.GetProperty("result").GetProperty("outcome").GetString());
        Assert.Contains("X-SMTPAPI", entry.GetProperty("result").GetProperty("error").GetString(), StringComparison.Ordinal);
        var portal = await _silo.Admin.SendAsync(HttpMethod.Get, $"/v1/portals/{portalId}", null, HttpStatusCode.OK);
        Assert.Equal(0, portal.GetProperty("status").GetProperty("queued").GetInt32());
    }

    [Fact]
    public async Task PostEvent_PickupPortalSameEvent_Accepted()
    {
        var (portalId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/events",
            EventCalls.VideoEvent(UnfoldableEventId, portalId).ToJsonString(), HttpStatusCode.Accepted);

        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("accepted", result.GetProperty("outcome").GetString());
        await EventCalls.WaitForEmlAsync(folder, result.GetProperty("messageIds")[0].GetString()!);
    }

    /// <summary>Never contacted: the event is refused before anything is queued.</summary>
    private async Task<string> CreateSendGridSmtpPortalAsync()
    {
        var portalId = EventCalls.NewId("smtpapi");
        await _silo.Admin.PutAsync($"/v1/portals/{portalId}", new JsonObject
        {
            ["notifier"] = new JsonObject { ["kind"] = "sendgrid-smtp", ["apiKey"] = "SG.test-key", ["host"] = "127.0.0.1", ["port"] = 9 },
            ["defaults"] = new JsonObject { ["from"] = new JsonObject { ["email"] = "noreply@example.com" } },
        }.ToJsonString(), HttpStatusCode.Created);
        return portalId;
    }
}
