using System.Net;
using System.Net.Http.Headers;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class ParsingAndLimitsTests(SiloFixture silo)
{
    [Fact]
    public async Task SubmitMessage_MalformedJson_Returns400WithLineAndPosition()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        const string broken = "{\n  \"personalizations\": [\n    {\"to\": [}\n  ]\n}";

        var body = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", broken)).ExpectAsync(HttpStatusCode.BadRequest);

        var error = body.GetProperty("errors")[0];
        Assert.Contains("line 3", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("position", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("$.personalizations", error.GetProperty("field").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitMessage_WrongJsonType_Returns400NamingThePath()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();

        var body = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", """{"personalizations":"everyone"}"""))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["$.personalizations"], body.ErrorFields());
    }

    [Fact]
    public async Task PutPortal_MalformedJson_Returns400()
    {
        var body = await (await silo.Admin.PutJsonAsync($"/v1/portals/{ApiCalls.NewPortalId()}", "{\"displayName\": ")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("line 1", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitMessage_BodyOver31MiB_Returns413BeforeReadingIt()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();

        using var response = await SendLargeAsync($"/v1/portals/{portalId}/messages", HttpMethod.Post, 32 * 1024 * 1024);

        await response.ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PutPortal_BodyOver1MiB_Returns413()
    {
        using var response = await SendLargeAsync($"/v1/portals/{ApiCalls.NewPortalId()}", HttpMethod.Put, 2 * 1024 * 1024);

        await response.ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task SubmitMessage_20MiBAttachmentBody_IsNotRefusedBySize()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        // 20 MiB of JSON, valid except for a wrong type at the end: anything but 413 proves the limit.
        var json = "{\"subject\":\"" + new string('a', 20 * 1024 * 1024) + "\",\"personalizations\":5}";

        var body = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", json)).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["$.personalizations"], body.ErrorFields());
    }

    [Fact]
    public async Task SubmitMessage_ChunkedBodyWithoutLength_IsAccepted()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ApiCalls.Mail())));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/portals/{portalId}/messages", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var accepted = await (await silo.Admin.SendAsync(request)).ExpectAsync(HttpStatusCode.Accepted);

        await silo.Admin.WaitForStatusAsync(portalId, accepted.GetProperty("messageId").GetString()!, "sent");
    }

    /// <summary>Expect: 100-continue lets the server refuse by Content-Length without the client sending the bytes.</summary>
    private async Task<HttpResponseMessage> SendLargeAsync(string url, HttpMethod method, int size)
    {
        var content = new ByteArrayContent(new byte[size]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        request.Headers.ExpectContinue = true;
        return await silo.Admin.SendAsync(request);
    }
}
