using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OrleansNotify.Tracking.Tests.Support;
using static OrleansNotify.Tracking.Tests.Support.TrackingCalls;

namespace OrleansNotify.Tracking.Tests.Api;

/// <summary>What a signed post does: bad bodies refused whole, duplicates ignored, events routed and kept.</summary>
[Collection(TrackingSiloCollection.Name)]
public sealed class WebhookIngestApiTests(TrackingSilo silo) : IDisposable
{
    private readonly WebhookSigner _signer = new();

    [Theory]
    [InlineData("[{\"event\":\"delivered\",", "")]
    [InlineData("{\"event\":\"delivered\"}", "")]
    [InlineData("[{\"event\":\"delivered\",\"timestamp\":\"soon\"}]", "[0].timestamp")]
    [InlineData("[{\"timestamp\":1}]", "[0].event")]
    public async Task Post_MalformedBody_Is400AndStoresNothing(string json, string field)
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        // A valid event first: the whole array is refused, not just the bad part.
        var body = Encoding.UTF8.GetBytes(json);

        using var response = await silo.PostSignedAsync(portal, _signer, body);

        var error = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal(field, error.GetProperty("errors")[0].GetProperty("field").GetString() ?? "");
        using var marker = await silo.PostSignedAsync(portal, _signer, Body(Event("m", "processed", Now)));
        var stats = await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "processed") == 1);
        Assert.Equal(0, Sum(stats, "delivered"));
    }

    [Fact]
    public async Task Post_BodyOverLimit_Is413()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var body = new byte[TrackingSilo.WebhookBodyLimit + 1];
        Array.Fill(body, (byte)' ');

        using var response = await silo.PostSignedAsync(portal, _signer, body);

        await response.ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_UnknownPortal_Is404()
    {
        using var response = await silo.PostSignedAsync(NewPortalId(), _signer, Body(Event("x", "delivered", Now)));
        Assert.Equal("portalId", (await response.ExpectAsync(HttpStatusCode.NotFound)).Field());
    }

    [Fact]
    public async Task Post_SameBatchThreeTimes_CountsEachEventOnce()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var body = Body(Event("d1", "processed", Now), Event("d2", "delivered", Now), Event("d3", "open", Now));

        for (var i = 0; i < 3; i++)
        {
            using var response = await silo.PostSignedAsync(portal, _signer, body);
            await response.ExpectAsync(HttpStatusCode.OK);
        }

        using var marker = await silo.PostSignedAsync(portal, _signer, Body(Event("d4", "click", Now)));
        var stats = await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "clicks") == 1);
        Assert.Equal((1, 1, 1, 1), (Sum(stats, "processed"), Sum(stats, "delivered"), Sum(stats, "opens"), Sum(stats, "uniqueOpens")));
    }

    [Fact]
    public async Task Post_ThousandEvents_IsOneRequestAndEveryEventCounts()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var events = Enumerable.Range(0, 1000).Select(i => Event($"k{i}", "delivered", Now, messageId: $"m{i}", category: new JsonArray("bulk"))).ToArray();

        using var response = await silo.PostSignedAsync(portal, _signer, Body(events));

        Assert.Equal(1000, (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("accepted").GetInt32());
        await silo.Admin.PollAsync(StatsUrl(portal) + "&category=bulk", s => Sum(s, "delivered") == 1000);
    }

    [Fact]
    public async Task Post_MixedPortals_RoutesToPortalsTrustingTheSameKeyAndIgnoresOthers()
    {
        var (a, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var (b, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        using var stranger = new WebhookSigner();
        var (c, _) = await silo.CreatePortalAsync(stranger.PublicKey);

        using var response = await silo.PostSignedAsync(a, _signer, Body(
            Event("x1", "delivered", Now), Event("x2", "delivered", Now, portalId: a),
            Event("x3", "delivered", Now, portalId: b), Event("x4", "delivered", Now, portalId: c)));

        var receipt = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((3, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("ignored").GetInt32()));
        await silo.Admin.PollAsync(StatsUrl(a), s => Sum(s, "delivered") == 2);
        await silo.Admin.PollAsync(StatsUrl(b), s => Sum(s, "delivered") == 1);
        using var marker = await silo.PostSignedAsync(c, stranger, Body(Event("x5", "processed", Now)));
        var stats = await silo.Admin.PollAsync(StatsUrl(c), s => Sum(s, "processed") == 1);
        Assert.Equal(0, Sum(stats, "delivered"));
    }

    [Fact]
    public async Task Post_UnknownTypeAndUnknownMessage_AreAcceptedAndCategoriesCount()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);

        using var response = await silo.PostSignedAsync(portal, _signer, Body(
            Event("u1", "brand_new_event", Now, messageId: "never-sent"),
            Event("u2", "delivered", Now, messageId: "never-sent", category: JsonValue.Create("one")),
            Event("u3", "delivered", Now, category: new JsonArray("one", "two"))));

        await response.ExpectAsync(HttpStatusCode.OK);
        await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "delivered") == 2);
        await silo.Admin.PollAsync(StatsUrl(portal) + "&category=one", s => Sum(s, "delivered") == 2);
        var two = await silo.Admin.PollAsync(StatsUrl(portal) + "&category=two", s => Sum(s, "delivered") == 1);
        Assert.Equal("two", two.GetProperty("stats")[0].GetProperty("category").GetString());
    }

    public void Dispose() => _signer.Dispose();
}
