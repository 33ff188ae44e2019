using System.Net;
using System.Text.Json.Nodes;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class MessagesApiTests(SiloFixture silo)
{
    private static long InAnHour() => TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds();

    [Fact]
    public async Task SubmitMessage_PickupPortal_Returns202QueuedThenSentWithEmlFile()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();

        var accepted = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", ApiCalls.Mail()))
            .ExpectAsync(HttpStatusCode.Accepted);
        var messageId = accepted.GetProperty("messageId").GetString()!;
        Assert.Equal("queued", accepted.GetProperty("status").GetString());

        var view = await silo.Admin.WaitForStatusAsync(portalId, messageId, "sent");
        Assert.Equal(messageId, view.GetProperty("messageId").GetString());
        Assert.NotEmpty(view.GetProperty("timeline").EnumerateArray());
        var eml = Assert.Single(ApiCalls.EmlFiles(folder, messageId));
        Assert.Contains("Subject: Hello", await File.ReadAllTextAsync(eml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitMessage_SendAtInTheFuture_Returns202ScheduledAndStaysScheduled()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();

        var accepted = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", ApiCalls.Mail(sendAt: InAnHour())))
            .ExpectAsync(HttpStatusCode.Accepted);
        var messageId = accepted.GetProperty("messageId").GetString()!;

        Assert.Equal("scheduled", accepted.GetProperty("status").GetString());
        await silo.Admin.WaitForStatusAsync(portalId, messageId, "scheduled");
        Assert.Empty(ApiCalls.EmlFiles(folder, messageId));
    }

    [Fact]
    public async Task SubmitMessage_SameIdempotencyKeyTwice_SameMessageIdAndOneEmail()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        var key = Guid.NewGuid().ToString();

        var first = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail(), key);
        var second = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail(), key);
        // A later message of the same portal is the barrier: once it is sent, a duplicate would be too.
        var barrier = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail());
        await silo.Admin.WaitForStatusAsync(portalId, barrier, "sent");

        Assert.Equal(first, second);
        await silo.Admin.WaitForStatusAsync(portalId, first, "sent");
        Assert.Single(ApiCalls.EmlFiles(folder, first));
    }

    [Fact]
    public async Task CancelMessage_Scheduled_Returns200ThenCancelledAndSecondCancelIs409()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        var messageId = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail(sendAt: InAnHour()));
        await silo.Admin.WaitForStatusAsync(portalId, messageId, "scheduled");
        var url = new Uri($"/v1/portals/{portalId}/messages/{messageId}", UriKind.Relative);

        var cancelled = await (await silo.Admin.DeleteAsync(url)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await silo.Admin.WaitForStatusAsync(portalId, messageId, "cancelled");
        await (await silo.Admin.DeleteAsync(url)).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Empty(ApiCalls.EmlFiles(folder, messageId));
    }

    [Fact]
    public async Task GetAndCancel_UnknownMessage_Return404()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        var url = new Uri($"/v1/portals/{portalId}/messages/{Guid.NewGuid():N}", UriKind.Relative);

        await (await silo.Admin.GetAsync(url)).ExpectAsync(HttpStatusCode.NotFound);
        await (await silo.Admin.DeleteAsync(url)).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SubmitMessage_UnknownPortal_Returns404()
    {
        var body = await (await silo.Admin.PostJsonAsync($"/v1/portals/{ApiCalls.NewPortalId()}/messages", ApiCalls.Mail()))
            .ExpectAsync(HttpStatusCode.NotFound);

        Assert.Equal(["portalId"], body.ErrorFields());
    }

    [Fact]
    public async Task SubmitMessage_InvalidMail_Returns400NamingEveryFieldAndQueuesNothing()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        var mail = JsonNode.Parse(ApiCalls.Mail())!;
        mail["personalizations"]![0]!["to"]![0]!["email"] = "not-an-address";
        mail["ip_pool_name"] = "x";

        var body = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", mail.ToJsonString()))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("personalizations.0.to.0.email", body.ErrorFields());
        Assert.Contains("ip_pool_name", body.ErrorFields());
        var barrier = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail());
        await silo.Admin.WaitForStatusAsync(portalId, barrier, "sent");
        Assert.Single(Directory.GetFiles(folder, "*.eml"));
    }

    [Fact]
    public async Task SubmitMessage_TooLongIdempotencyKey_Returns400NamingTheHeader()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();

        var body = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", ApiCalls.Mail(), new string('k', 256)))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["Idempotency-Key"], body.ErrorFields());
    }
}
