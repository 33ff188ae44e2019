using System.Net;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class HealthAndDocsTests(SiloFixture silo)
{
    [Fact]
    public async Task Live_Anonymous_Returns200()
    {
        using var anonymous = silo.CreateClient();

        var body = await (await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("live", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_Anonymous_Returns200WithCountOnly()
    {
        using var anonymous = silo.CreateClient();

        var body = await (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("misconfiguredCount").GetInt32() >= 0);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("misconfigured").ValueKind);
    }

    [Fact]
    public async Task Ready_AdminKey_ListsMisconfiguredPortals()
    {
        var body = await (await silo.Admin.GetAsync(new Uri("/health/ready", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(System.Text.Json.JsonValueKind.Object, body.GetProperty("misconfigured").ValueKind);
    }

    [Fact]
    public async Task OpenApiDocument_Served_ListsTheEndpoints()
    {
        using var anonymous = silo.CreateClient();

        var document = await (await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/portals/{portalId}", out _));
        Assert.True(paths.TryGetProperty("/v1/portals/{portalId}/messages", out _));
        Assert.True(paths.TryGetProperty("/v3/mail/send", out _));
        Assert.True(paths.TryGetProperty("/health/ready", out _));
        var submit = paths.GetProperty("/v1/portals/{portalId}/messages").GetProperty("post");
        Assert.Equal("SubmitMessage", submit.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrEmpty(submit.GetProperty("summary").GetString()));
    }
}
