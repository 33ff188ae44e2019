using System.Net;
using System.Text.Json;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

/// <summary><c>POST /v1/portals/{portalId}/messages/batch</c> through the embedded silo over real HTTP.</summary>
[Collection(SiloCollection.Name)]
public sealed class BatchSubmitTests(SiloFixture silo)
{
    private static string Batch(params string[] items) => $"[{string.Join(',', items)}]";

    private static string[] Ids(JsonElement accepted) =>
        accepted.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()!).ToArray();

    [Fact]
    public async Task SubmitBatch_ThreeMails_Returns202WithIdsInOrderAndEachIsSentToItsRecipient()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();

        var accepted = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch",
            Batch(ApiCalls.Mail("a@example.com"), ApiCalls.Mail("b@example.com"), ApiCalls.Mail("c@example.com")))).ExpectAsync(HttpStatusCode.Accepted);

        var ids = Ids(accepted);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(accepted.GetProperty("messages").EnumerateArray(), m => Assert.Equal("queued", m.GetProperty("status").GetString()));
        foreach (var (id, to) in ids.Zip(["a@example.com", "b@example.com", "c@example.com"]))
        {
            await silo.Admin.WaitForStatusAsync(portalId, id, "sent");
            Assert.Contains($"To: {to}", await File.ReadAllTextAsync(Assert.Single(ApiCalls.EmlFiles(folder, id))), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SubmitBatch_ItemWithSendAtInTheFuture_ThatItemIsScheduled()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        var inAnHour = TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds();

        var accepted = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch",
            Batch(ApiCalls.Mail(), ApiCalls.Mail(sendAt: inAnHour)))).ExpectAsync(HttpStatusCode.Accepted);

        var statuses = accepted.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["queued", "scheduled"], statuses);
        await silo.Admin.WaitForStatusAsync(portalId, Ids(accepted)[1], "scheduled");
    }

    [Fact]
    public async Task SubmitBatch_BadItems_Returns400NamingEachItemIndexAndAcceptsNothing()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        var wrongType = """{"personalizations":[{"to":[{"email":"x@example.com"}]}],"from":{"email":"s@example.com"},"subject":5,"content":[{"type":"text/plain","value":"v"}]}""";

        var error = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch",
            Batch(ApiCalls.Mail(), ApiCalls.Mail(to: "not-an-address"), wrongType, "7"))).ExpectAsync(HttpStatusCode.BadRequest);

        var fields = error.ErrorFields();
        Assert.Contains(fields, f => f is not null && f.StartsWith("[1].personalizations", StringComparison.Ordinal));
        Assert.Contains("[2].subject", fields);
        Assert.Contains("[3]", fields);
        Assert.DoesNotContain(fields, f => f is not null && f.StartsWith("[0]", StringComparison.Ordinal));
        // A later message is the barrier: once it is sent, an accepted item 0 would have been sent too.
        var barrier = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail());
        await silo.Admin.WaitForStatusAsync(portalId, barrier, "sent");
        var status = (await (await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK)).GetProperty("status");
        Assert.Equal(1, status.GetProperty("sentToday").GetInt32());
        Assert.Equal(0, status.GetProperty("queued").GetInt32());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[{\"subject\":\"x\"}")]
    [InlineData("[{}] trailing")]
    [InlineData("\"text\"")]
    public async Task SubmitBatch_MalformedAsAWhole_Returns400WithoutItemField(string body)
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();

        var error = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch", body)).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.All(error.ErrorFields(), Assert.Null);
    }

    [Fact]
    public async Task SubmitBatch_MoreThanTheLimit_Returns400AndAtTheLimitIsAccepted()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        var limit = Intake.MessageIntake.MaxBatchItems;

        var tooMany = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch",
            Batch(Enumerable.Repeat(ApiCalls.Mail(), limit + 1).ToArray()))).ExpectAsync(HttpStatusCode.BadRequest);
        var atLimit = await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch",
            Batch(Enumerable.Repeat(ApiCalls.Mail(), limit).ToArray()))).ExpectAsync(HttpStatusCode.Accepted);

        Assert.Contains($"at most {limit}", tooMany.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(limit, Ids(atLimit).Distinct().Count());
    }

    [Fact]
    public async Task SubmitBatch_SameIdempotencyKeyTwice_SameIdsAndOneEmailPerItem()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        var key = Guid.NewGuid().ToString();
        var body = Batch(ApiCalls.Mail("a@example.com"), ApiCalls.Mail("b@example.com"));

        var first = Ids(await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch", body, key)).ExpectAsync(HttpStatusCode.Accepted));
        var second = Ids(await (await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages/batch", body, key)).ExpectAsync(HttpStatusCode.Accepted));
        var single = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail(), key);
        var barrier = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail());
        await silo.Admin.WaitForStatusAsync(portalId, barrier, "sent");

        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[1]);
        Assert.DoesNotContain(single, first);
        Assert.All(first, id => Assert.Single(ApiCalls.EmlFiles(folder, id)));
    }

    [Fact]
    public async Task SubmitBatch_Keys_NoKey401OtherPortal403OwnKey202()
    {
        var (mine, _) = await silo.CreatePickupPortalAsync();
        var (other, _) = await silo.CreatePickupPortalAsync();
        using var anonymous = silo.CreateClient();
        using var own = silo.CreateClient(await silo.CreateKeyAsync(mine));
        var body = Batch(ApiCalls.Mail());

        await (await anonymous.PostJsonAsync($"/v1/portals/{mine}/messages/batch", body)).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await own.PostJsonAsync($"/v1/portals/{other}/messages/batch", body)).ExpectAsync(HttpStatusCode.Forbidden);
        var accepted = await (await own.PostJsonAsync($"/v1/portals/{mine}/messages/batch", body)).ExpectAsync(HttpStatusCode.Accepted);
        await own.WaitForStatusAsync(mine, Ids(accepted)[0], "sent");
    }

    [Fact]
    public async Task SubmitBatch_UnknownPortal_Returns404()
    {
        await (await silo.Admin.PostJsonAsync($"/v1/portals/{ApiCalls.NewPortalId("none")}/messages/batch", Batch(ApiCalls.Mail())))
            .ExpectAsync(HttpStatusCode.NotFound);
    }
}
