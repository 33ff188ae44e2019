using System.Net;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class SecurityTests(SiloFixture silo)
{
    [Fact]
    public async Task PortalEndpoints_NoKey_Return401WithSendGridShapeAndChallenge()
    {
        using var anonymous = silo.CreateClient();

        using var response = await anonymous.GetAsync(new Uri("/v1/portals", UriKind.Relative));
        var body = await response.ExpectAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.NotEmpty(body.GetProperty("errors")[0].GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData("not-the-admin-key")]
    [InlineData("ON.someportal.0123456789ab.c2VjcmV0")]
    public async Task PortalEndpoints_WrongKey_Return401(string key)
    {
        using var client = silo.CreateClient(key);

        await (await client.GetAsync(new Uri("/v1/portals", UriKind.Relative))).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await client.PutJsonAsync($"/v1/portals/{ApiCalls.NewPortalId()}", ApiCalls.PickupPortal(silo.PickupRoot)))
            .ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Messages_PortalKeyWithWrongSecret_Returns401()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        var key = await silo.CreateKeyAsync(portalId);
        var forged = key[..key.LastIndexOf('.')] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        using var client = silo.CreateClient(forged);

        await (await client.PostJsonAsync($"/v1/portals/{portalId}/messages", ApiCalls.Mail())).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PortalKey_OwnPortal_SendsAndReadsItsMessage()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        using var client = silo.CreateClient(await silo.CreateKeyAsync(portalId));

        var messageId = await client.SubmitAsync(portalId, ApiCalls.Mail());

        await client.WaitForStatusAsync(portalId, messageId, "sent");
    }

    [Fact]
    public async Task PortalKey_AnotherPortal_Returns403ForSendReadAndCancel()
    {
        var (mine, _) = await silo.CreatePickupPortalAsync("mine");
        var (theirs, _) = await silo.CreatePickupPortalAsync("theirs");
        var theirMessage = await silo.Admin.SubmitAsync(theirs, ApiCalls.Mail());
        using var client = silo.CreateClient(await silo.CreateKeyAsync(mine));
        var theirUrl = new Uri($"/v1/portals/{theirs}/messages/{theirMessage}", UriKind.Relative);

        await (await client.PostJsonAsync($"/v1/portals/{theirs}/messages", ApiCalls.Mail())).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync(theirUrl)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync(theirUrl)).ExpectAsync(HttpStatusCode.Forbidden);
        await silo.Admin.WaitForStatusAsync(theirs, theirMessage, "sent");
    }

    [Fact]
    public async Task PortalKey_PortalManagement_Returns403()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        using var client = silo.CreateClient(await silo.CreateKeyAsync(portalId));

        await (await client.GetAsync(new Uri("/v1/portals", UriKind.Relative))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.PutJsonAsync($"/v1/portals/{portalId}", ApiCalls.PickupPortal(folder, "Hijacked"))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync(new Uri($"/v1/portals/{portalId}/keys", UriKind.Relative), null)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.Forbidden);
        var portal = await (await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Test portal", portal.GetProperty("config").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task DeletedPortal_ItsKey_NoLongerSends()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        using var client = silo.CreateClient(await silo.CreateKeyAsync(portalId));
        await client.SubmitAsync(portalId, ApiCalls.Mail());

        await (await silo.Admin.DeleteAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.NoContent);

        using var response = await client.PostJsonAsync($"/v1/portals/{portalId}/messages", ApiCalls.Mail());
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.NotFound });
    }
}
