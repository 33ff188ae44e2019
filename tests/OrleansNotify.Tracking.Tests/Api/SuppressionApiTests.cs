using System.Net;
using System.Text.Json.Nodes;
using OrleansNotify.Tracking.Tests.Support;
using static OrleansNotify.Tracking.Tests.Support.TrackingCalls;

namespace OrleansNotify.Tracking.Tests.Api;

/// <summary>Suppressions from webhook events and by hand, and the next send leaving those recipients out.</summary>
[Collection(TrackingSiloCollection.Name)]
public sealed class SuppressionApiTests(TrackingSilo silo) : IDisposable
{
    private readonly WebhookSigner _signer = new();

    [Fact]
    public async Task Bounce_NextMessageToTheAddress_SkipsThatRecipient()
    {
        var (portal, folder) = await silo.CreatePortalAsync(_signer.PublicKey);
        using var bounce = await silo.PostSignedAsync(portal, _signer,
            Body(Event("b1", "bounce", Now, email: "Gone@Example.com").With("type", "bounce").With("reason", "550 5.1.1 unknown user")));
        await bounce.ExpectAsync(HttpStatusCode.OK);
        await silo.Admin.PollAsync($"/v1/portals/{portal}/suppressions", s => s.GetProperty("suppressions").GetArrayLength() == 1);

        var both = await SubmitAsync(portal, "gone@example.com", "stays@example.com");
        var only = await SubmitAsync(portal, "gone@example.com");

        var sent = await silo.Admin.PollAsync($"/v1/portals/{portal}/messages/{both}", v => v.GetProperty("status").GetString() == "sent");
        var suppressed = await silo.Admin.PollAsync($"/v1/portals/{portal}/messages/{only}", v => v.GetProperty("status").GetString() == "suppressed");
        var eml = string.Concat(Directory.GetFiles(folder, $"{both}-*.eml").Select(File.ReadAllText));
        Assert.Contains("stays@example.com", eml, StringComparison.Ordinal);
        Assert.DoesNotContain("gone@example.com", eml, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(folder, $"{only}-*.eml"));
        Assert.Contains(sent.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("event").GetString() == "recipients-suppressed");
        Assert.Contains("gone@example.com", suppressed.GetProperty("timeline").EnumerateArray().Last().GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutGetDelete_ManualSuppression_RoundTrips()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);

        using (var put = await silo.Admin.PutAsync(new Uri($"/v1/portals/{portal}/suppressions/Someone@Example.com", UriKind.Relative),
            Json("""{"reason":"asked by phone","detail":"ticket 42"}""")))
        {
            var entry = await put.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("someone@example.com", entry.GetProperty("email").GetString());
        }

        var got = await silo.Admin.GetJsonAsync($"/v1/portals/{portal}/suppressions/someone@example.com");
        Assert.Equal("asked by phone", got.GetProperty("suppressions")[0].GetProperty("reason").GetString());

        using (var delete = await silo.Admin.DeleteAsync(new Uri($"/v1/portals/{portal}/suppressions/someone@example.com", UriKind.Relative)))
        {
            await delete.ExpectAsync(HttpStatusCode.NoContent);
        }

        await silo.Admin.GetJsonAsync($"/v1/portals/{portal}/suppressions/someone@example.com", HttpStatusCode.NotFound);
        using var again = await silo.Admin.DeleteAsync(new Uri($"/v1/portals/{portal}/suppressions/someone@example.com", UriKind.Relative));
        await again.ExpectAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-an-address", "{}", "email")]
    [InlineData("ok@example.com", "{\"groupId\":-1}", "groupId")]
    [InlineData("ok@example.com", "{\"groupId\":\"x\"}", "$.groupId")]
    public async Task Put_BadInput_Is400NamingTheField(string email, string body, string field)
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        using var put = await silo.Admin.PutAsync(new Uri($"/v1/portals/{portal}/suppressions/{email}", UriKind.Relative), Json(body));
        Assert.Equal(field, (await put.ExpectAsync(HttpStatusCode.BadRequest)).Field());
    }

    [Fact]
    public async Task GroupUnsubscribeThenResubscribe_LeavesTheListEmpty()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        using var unsub = await silo.PostSignedAsync(portal, _signer, Body(Event("g1", "group_unsubscribe", Now, email: "g@example.com").With("asm_group_id", 7)));
        await silo.Admin.PollAsync($"/v1/portals/{portal}/suppressions", s => s.GetProperty("suppressions").GetArrayLength() == 1);

        using var resub = await silo.PostSignedAsync(portal, _signer, Body(Event("g2", "group_resubscribe", Now, email: "g@example.com").With("asm_group_id", 7)));

        await silo.Admin.PollAsync($"/v1/portals/{portal}/suppressions", s => s.GetProperty("suppressions").GetArrayLength() == 0);
    }

    private async Task<string> SubmitAsync(string portal, params string[] to)
    {
        var mail = new JsonObject
        {
            ["personalizations"] = new JsonArray(new JsonObject { ["to"] = new JsonArray(to.Select(t => (JsonNode)new JsonObject { ["email"] = t }).ToArray()) }),
            ["subject"] = "Hello",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Hi" }),
        };
        using var response = await silo.Admin.PostAsync(new Uri($"/v1/portals/{portal}/messages", UriKind.Relative), Json(mail.ToJsonString()));
        return (await response.ExpectAsync(HttpStatusCode.Accepted)).GetProperty("messageId").GetString()!;
    }

    public void Dispose() => _signer.Dispose();
}
