using System.Net;
using System.Text.Json.Nodes;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class PortalsApiTests(SiloFixture silo)
{
    private const string SendGridSecret = "SG.very-secret-api-key-value";

    [Fact]
    public async Task PutPortal_NewThenReplace_Returns201Then200AndGetShowsReplacement()
    {
        var portalId = ApiCalls.NewPortalId();
        var folder = Path.Combine(silo.PickupRoot, portalId);

        var created = await (await silo.Admin.PutJsonAsync($"/v1/portals/{portalId}", ApiCalls.PickupPortal(folder, "First")))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(portalId, created.GetProperty("portalId").GetString());

        var replaced = await (await silo.Admin.PutJsonAsync($"/v1/portals/{portalId}", ApiCalls.PickupPortal(folder, "Second")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Second", replaced.GetProperty("config").GetProperty("displayName").GetString());

        var read = await (await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Second", read.GetProperty("config").GetProperty("displayName").GetString());
        Assert.Equal("pickup", read.GetProperty("config").GetProperty("notifier").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task GetAndList_SendGridPortal_SecretsMasked()
    {
        var portalId = ApiCalls.NewPortalId("sg");
        var config = new JsonObject
        {
            ["displayName"] = "Marketing",
            ["notifier"] = new JsonObject { ["kind"] = "sendgrid", ["apiKey"] = SendGridSecret, ["region"] = "eu" },
        }.ToJsonString();
        using var put = await silo.Admin.PutJsonAsync($"/v1/portals/{portalId}", config);
        var putText = await put.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.DoesNotContain(SendGridSecret, putText, StringComparison.Ordinal);

        using var get = await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative));
        var getText = await get.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SendGridSecret, getText, StringComparison.Ordinal);
        var notifier = (await get.ExpectAsync(HttpStatusCode.OK)).GetProperty("config").GetProperty("notifier");
        Assert.Equal("********", notifier.GetProperty("apiKey").GetString());
        Assert.Equal("eu", notifier.GetProperty("region").GetString());

        using var list = await silo.Admin.GetAsync(new Uri("/v1/portals", UriKind.Relative));
        var listText = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SendGridSecret, listText, StringComparison.Ordinal);
        var listed = (await list.ExpectAsync(HttpStatusCode.OK)).GetProperty("portals").EnumerateArray()
            .Single(p => p.GetProperty("portalId").GetString() == portalId);
        Assert.Equal("********", listed.GetProperty("config").GetProperty("notifier").GetProperty("apiKey").GetString());
    }

    [Fact]
    public async Task PutPortal_InvalidConfig_Returns400NamingEachField()
    {
        var config = new JsonObject
        {
            ["notifier"] = new JsonObject { ["kind"] = "pigeon" },
            ["throttle"] = new JsonObject { ["perSecond"] = 0, ["burst"] = 10, ["maxConcurrency"] = 4 },
        }.ToJsonString();
        var portalId = ApiCalls.NewPortalId();

        var body = await (await silo.Admin.PutJsonAsync($"/v1/portals/{portalId}", config)).ExpectAsync(HttpStatusCode.BadRequest);

        var fields = body.ErrorFields();
        Assert.Contains("notifier.kind", fields);
        Assert.Contains("throttle.perSecond", fields);
        await (await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("-leading-dash")]
    [InlineData("has.dot")]
    [InlineData("ünicode")]
    public async Task PutPortal_InvalidPortalId_Returns400NamingPortalId(string portalId)
    {
        var body = await (await silo.Admin.PutJsonAsync($"/v1/portals/{Uri.EscapeDataString(portalId)}", ApiCalls.PickupPortal(silo.PickupRoot)))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["portalId"], body.ErrorFields());
    }

    [Fact]
    public async Task DeletePortal_Existing_Returns204ThenGetAndDeleteAre404()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();

        await (await silo.Admin.DeleteAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.NoContent);

        await (await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
        await (await silo.Admin.DeleteAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.NotFound);
        var list = await (await silo.Admin.GetAsync(new Uri("/v1/portals", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(list.GetProperty("portals").EnumerateArray(), p => p.GetProperty("portalId").GetString() == portalId);
    }

    [Fact]
    public async Task CreateKey_ExistingPortal_Returns201KeyShownOnceAndOnlyItsIdListed()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();

        using var response = await silo.Admin.PostAsync(new Uri($"/v1/portals/{portalId}/keys", UriKind.Relative), null);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var keyId = created.GetProperty("keyId").GetString()!;
        var key = created.GetProperty("key").GetString()!;

        Assert.StartsWith($"ON.{portalId}.{keyId}.", key, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        using var get = await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative));
        var text = await get.Content.ReadAsStringAsync();
        Assert.Contains(keyId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('.')[3], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateKey_UnknownPortal_Returns404()
    {
        var body = await (await silo.Admin.PostAsync(new Uri($"/v1/portals/{ApiCalls.NewPortalId()}/keys", UriKind.Relative), null))
            .ExpectAsync(HttpStatusCode.NotFound);

        Assert.Equal(["portalId"], body.ErrorFields());
    }

    [Fact]
    public async Task VerifyPortal_PickupIntoWritableFolder_Passes()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();

        var report = await (await silo.Admin.PostAsync(new Uri($"/v1/portals/{portalId}/verify", UriKind.Relative), null))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.NotEmpty(report.GetProperty("checks").EnumerateArray());
        Assert.All(report.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
    }
}
