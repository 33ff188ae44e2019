using System.Net;
using System.Text.Json.Nodes;
using OrleansNotify.Tracking.Tests.Support;
using static OrleansNotify.Tracking.Tests.Support.TrackingCalls;

namespace OrleansNotify.Tracking.Tests.Api;

/// <summary>Deleting a portal deletes its tracking: a portal created again under the same id starts empty.</summary>
[Collection(TrackingSiloCollection.Name)]
public sealed class DeletePortalTrackingTests(TrackingSilo silo) : IDisposable
{
    private readonly WebhookSigner _signer = new();

    [Fact]
    public async Task DeletePortal_ThenCreatedAgain_HasNoEventsCountersMarksOrSuppressions()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var events = Body(
            Event("d1", "bounce", Now, messageId: "m1", email: "gone@example.com").With("type", "bounce"),
            Event("d2", "open", Now, messageId: "m2", email: "reader@example.com"));
        await PostAsync(portal, events);
        await silo.Admin.PollAsync($"/v1/portals/{portal}/suppressions", s => s.GetProperty("suppressions").GetArrayLength() == 1);
        await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "uniqueOpens") == 1);

        using (var delete = await silo.Admin.DeleteAsync(new Uri($"/v1/portals/{portal}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await CreateAgainAsync(portal);
        var suppressions = await silo.Admin.GetJsonAsync($"/v1/portals/{portal}/suppressions");
        Assert.Equal(0, suppressions.GetProperty("suppressions").GetArrayLength());
        Assert.Equal(0, Sum(await silo.Admin.GetJsonAsync(StatsUrl(portal)), "opens"));

        // The same event ids count again: their de-duplication rows and first-open marks went too.
        await PostAsync(portal, events);
        await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "uniqueOpens") == 1 && Sum(s, "bounces") == 1);
    }

    public void Dispose() => _signer.Dispose();

    private async Task PostAsync(string portal, byte[] body)
    {
        using var response = await silo.PostSignedAsync(portal, _signer, body);
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    private async Task CreateAgainAsync(string portal)
    {
        var config = new JsonObject
        {
            ["notifier"] = new JsonObject { ["kind"] = "pickup", ["folder"] = Path.Combine(silo.PickupRoot, portal) },
            ["webhook"] = new JsonObject { ["publicKey"] = _signer.PublicKey },
        };
        using var response = await silo.Admin.PutAsync(new Uri($"/v1/portals/{portal}", UriKind.Relative), Json(config.ToJsonString()));
        await response.ExpectAsync(HttpStatusCode.Created);
    }
}
