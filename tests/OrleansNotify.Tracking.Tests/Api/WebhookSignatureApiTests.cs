using System.Net;
using OrleansNotify.Tracking.Tests.Support;
using static OrleansNotify.Tracking.Tests.Support.TrackingCalls;

namespace OrleansNotify.Tracking.Tests.Api;

/// <summary>Who may post events: a valid signature within the replay window, or an explicitly unsigned portal.</summary>
[Collection(TrackingSiloCollection.Name)]
public sealed class WebhookSignatureApiTests(TrackingSilo silo) : IDisposable
{
    private readonly WebhookSigner _signer = new();

    [Fact]
    public async Task Post_SignedWithFreshKey_IsAcceptedAndCounted()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);

        using var response = await silo.PostSignedAsync(portal, _signer, Body(Event("s1", "delivered", Now)));

        var receipt = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "delivered") == 1);
    }

    [Fact]
    public async Task Post_FlippedBodyByte_Is403AndStoresNothing()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var body = Body(Event("f1", "delivered", Now));
        var timestamp = WebhookSigner.Timestamp(TimeProvider.System.GetUtcNow());
        var signature = _signer.Sign(timestamp, body);
        body[body.Length / 2] ^= 0x01;

        using var response = await silo.PostWebhookAsync(portal, body, signature, timestamp);

        Assert.Equal("X-Twilio-Email-Event-Webhook-Signature", (await response.ExpectAsync(HttpStatusCode.Forbidden)).Field());
        await AssertNothingStoredAsync(portal);
    }

    [Fact]
    public async Task Post_SignedWithAnotherKey_Is403()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        using var other = new WebhookSigner();

        using var response = await silo.PostSignedAsync(portal, other, Body(Event("w1", "delivered", Now)));

        await response.ExpectAsync(HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(portal);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task Post_MissingHeader_Is401(bool withSignature, bool withTimestamp)
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var body = Body(Event("h1", "delivered", Now));
        var timestamp = WebhookSigner.Timestamp(TimeProvider.System.GetUtcNow());

        using var response = await silo.PostWebhookAsync(portal, body,
            withSignature ? _signer.Sign(timestamp, body) : null, withTimestamp ? timestamp : null);

        await response.ExpectAsync(HttpStatusCode.Unauthorized);
        await AssertNothingStoredAsync(portal);
    }

    [Fact]
    public async Task Post_TimestampOutsideWindow_IsRefusedAsReplay()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey, maxAgeSeconds: 60);
        var body = Body(Event("o1", "delivered", Now));
        var old = WebhookSigner.Timestamp(TimeProvider.System.GetUtcNow().AddSeconds(-61 - 5));

        using var response = await silo.PostWebhookAsync(portal, body, _signer.Sign(old, body), old);

        var error = await response.ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal("X-Twilio-Email-Event-Webhook-Timestamp", error.Field());
        await AssertNothingStoredAsync(portal);
    }

    [Fact]
    public async Task Post_NoKeyAndUnsignedNotAllowed_Is403()
    {
        var (portal, _) = await silo.CreatePortalAsync();

        using var response = await silo.PostWebhookAsync(portal, Body(Event("n1", "delivered", Now)));

        await response.ExpectAsync(HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(portal);
    }

    [Fact]
    public async Task Post_NoKeyAndUnsignedAllowed_IsAccepted()
    {
        var (portal, _) = await silo.CreatePortalAsync(allowUnsigned: true);

        using var response = await silo.PostWebhookAsync(portal, Body(Event("n2", "delivered", Now)));

        await response.ExpectAsync(HttpStatusCode.OK);
        await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "delivered") == 1);
    }

    [Fact]
    public async Task PutPortal_WebhookKeyNotP256_Is400NamingTheField()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var config = $$$"""{"notifier":{"kind":"pickup","folder":"/tmp/x"},"webhook":{"publicKey":"{{{Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}}}"}}""";

        using var response = await silo.Admin.PutAsync(new Uri($"/v1/portals/{NewPortalId()}", UriKind.Relative), Json(config));

        Assert.Equal("webhook.publicKey", (await response.ExpectAsync(HttpStatusCode.BadRequest)).Field());
    }

    /// <summary>A later accepted post is counted alone: nothing from the refused one reached the store.</summary>
    private async Task AssertNothingStoredAsync(string portal)
    {
        using var check = new WebhookSigner();
        // The portal's own key is _signer's (or none); a marker post proves the stream drained first.
        var marker = Body(Event("marker-" + Guid.NewGuid().ToString("N"), "processed", Now));
        using var accepted = await PostAnyAsync(portal, marker);
        var stats = await silo.Admin.PollAsync(StatsUrl(portal), s => Sum(s, "processed") == 1);
        Assert.Equal(0, Sum(stats, "delivered"));
    }

    private async Task<HttpResponseMessage> PostAnyAsync(string portal, byte[] body)
    {
        var view = await silo.Admin.GetJsonAsync($"/v1/portals/{portal}");
        var hasKey = view.GetProperty("config").GetProperty("webhook").GetProperty("publicKey").ValueKind == System.Text.Json.JsonValueKind.String;
        if (hasKey)
        {
            return await silo.PostSignedAsync(portal, _signer, body);
        }

        // An unsigned-refusing portal without a key: allow unsigned posts for the marker only.
        var config = view.GetProperty("config").GetRawText().Replace("\"allowUnsigned\":false", "\"allowUnsigned\":true", StringComparison.Ordinal);
        using (var put = await silo.Admin.PutAsync(new Uri($"/v1/portals/{portal}", UriKind.Relative), Json(config)))
        {
            await put.ExpectAsync(HttpStatusCode.OK);
        }

        return await silo.PostWebhookAsync(portal, body);
    }

    public void Dispose() => _signer.Dispose();
}
