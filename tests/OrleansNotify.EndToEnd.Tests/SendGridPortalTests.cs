using System.Net;
using System.Text.Json.Nodes;
using OrleansNotify.EndToEnd.Tests.Support;
using OrleansNotify.Mail;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.EndToEnd.Tests;

/// <summary>A <c>sendgrid</c> portal through the silo to the fake SendGrid API: every outcome the issue names.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SendGridPortalTests(EndToEndFixture fixture)
{
    private async Task<(string PortalId, HttpClient Client, string ApiKey)> PortalAsync(JsonObject? defaults = null, string? apiKey = null)
    {
        var key = apiKey ?? fixture.NewSendGridKey();
        var portalId = Bodies.NewId("sg");
        var portalKey = await fixture.Admin.CreatePortalAsync(portalId, Bodies.SendGrid(fixture.SendGrid.BaseUrl, key, defaults));
        return (portalId, fixture.CreateClient(portalKey), key);
    }

    private RecordedRequest[] CallsWith(string apiKey) =>
        [.. fixture.SendGrid.MailSends.Where(r => r.Header("Authorization") == $"Bearer {apiKey}")];

    [Fact]
    public async Task Submit_SendGridPortal_FakeGetsMergedBodyAndMessageSentWithXMessageId()
    {
        var defaults = new JsonObject
        {
            ["from"] = new JsonObject { ["email"] = "portal@example.com" },
            ["categories"] = new JsonArray("portal-cat"),
            ["deliveryImportance"] = "high",
            ["clickTracking"] = true,
            ["openTracking"] = true,
        };
        var (portalId, client, apiKey) = await PortalAsync(defaults);
        var mail = Bodies.Mail();
        mail["categories"] = new JsonArray("own-cat");

        var messageId = await client.SubmitAsync(portalId, mail.ToJsonString());
        var view = await client.WaitForStatusAsync(portalId, messageId, "sent");

        var call = Assert.Single(CallsWith(apiKey));
        Assert.Equal(202, call.Status);
        Assert.Equal(call.MessageId, view.GetProperty("providerMessageId").GetString());
        var body = call.Mail();
        Assert.Equal(["own-cat", "portal-cat"], body.Categories!);
        Assert.Equal("high", body.Headers![ImportanceHeadersName]);
        Assert.StartsWith("1", body.Headers!["X-Priority"], StringComparison.Ordinal);
        Assert.True(body.TrackingSettings!.ClickTracking!.Enable);
        Assert.True(body.TrackingSettings!.OpenTracking!.Enable);
        var args = Assert.Single(body.Personalizations!).CustomArgs!;
        Assert.Equal(messageId, args[PortalMerge.MessageIdArg]);
        Assert.Equal(portalId, args[PortalMerge.PortalIdArg]);
    }

    private const string ImportanceHeadersName = "Importance";

    [Fact]
    public async Task Submit_SendGridAnswers400_MessageFailedWithTheField()
    {
        var (portalId, client, apiKey) = await PortalAsync();
        fixture.SendGrid.Script(new FakeSendGridReply
        {
            Status = 400,
            Body = FakeSendGridErrors.Json(("The from address does not match a verified Sender Identity.", "from")),
            ForApiKey = apiKey,
        });

        var messageId = await client.SubmitAsync(portalId, Bodies.Mail().ToJsonString());
        var view = await client.WaitForStatusAsync(portalId, messageId, "failed");

        Assert.Contains("from", view.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("Sender Identity", view.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Single(CallsWith(apiKey));
    }

    [Fact]
    public async Task Submit_SendGridAnswers401_PortalMisconfiguredMessageWaitsThenSentAfterGoodKey()
    {
        var badKey = $"SG.unknown.{Guid.NewGuid():N}";
        var (portalId, client, _) = await PortalAsync(apiKey: badKey);

        var messageId = await client.SubmitAsync(portalId, Bodies.Mail().ToJsonString());
        var portal = await fixture.Admin.PollAsync($"/v1/portals/{portalId}",
            p => p.GetProperty("status").GetProperty("misconfigured").ValueKind == System.Text.Json.JsonValueKind.String, "misconfigured");
        Assert.Contains("401", portal.GetProperty("status").GetProperty("misconfigured").GetString(), StringComparison.Ordinal);
        var ready = await fixture.Admin.GetJsonAsync("/health/ready");
        Assert.True(ready.GetProperty("misconfigured").TryGetProperty(portalId, out _), ready.ToString());
        var waiting = await client.MessageAsync(portalId, messageId);
        Assert.Equal("queued", waiting.GetProperty("status").GetString());
        Assert.DoesNotContain(badKey, portal.ToString(), StringComparison.Ordinal);

        var goodKey = fixture.NewSendGridKey();
        using var put = await fixture.Admin.PutAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative),
            E2eHttp.Json(Bodies.SendGrid(fixture.SendGrid.BaseUrl, goodKey)));
        Assert.True(put.IsSuccessStatusCode);

        await client.WaitForStatusAsync(portalId, messageId, "sent");
        Assert.Single(CallsWith(goodKey));
        ready = await fixture.Admin.GetJsonAsync("/health/ready");
        Assert.False(ready.GetProperty("misconfigured").TryGetProperty(portalId, out _), ready.ToString());
    }

    [Fact]
    public async Task Submit_SendGridAnswers429_PausedUntilResetNoAttemptUsedThenSent()
    {
        var (portalId, client, apiKey) = await PortalAsync();
        // Whole seconds, as SendGrid sends it: at least one full second ahead.
        var reset = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 2);
        fixture.SendGrid.Script(FakeSendGridReply.RateLimited(reset, forApiKey: apiKey));

        var messageId = await client.SubmitAsync(portalId, Bodies.Mail().ToJsonString());
        var view = await client.WaitForStatusAsync(portalId, messageId, "sent");

        Assert.Contains("throttled", view.TimelineEvents());
        Assert.Equal(1, view.GetProperty("attempts").GetInt32());
        var calls = CallsWith(apiKey);
        Assert.Equal([429, 202], calls.Select(c => c.Status));
        var sentAt = view.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("event").GetString() == "sent").GetProperty("at").GetDateTimeOffset();
        Assert.True(sentAt >= reset, $"sent at {sentAt:O}, before the reset {reset:O}");
    }

    [Fact]
    public async Task Submit_SendGridAnswers503Once_SenderRetriesAtOnceThenSent()
    {
        var (portalId, client, apiKey) = await PortalAsync();
        fixture.SendGrid.Script(FakeSendGridReply.ServerError(503) with { ForApiKey = apiKey });

        var messageId = await client.SubmitAsync(portalId, Bodies.Mail().ToJsonString());
        var view = await client.WaitForStatusAsync(portalId, messageId, "sent");

        Assert.Equal([503, 202], CallsWith(apiKey).Select(c => c.Status));
        Assert.Equal(1, view.GetProperty("attempts").GetInt32()); // the sender's quick retry is one attempt
    }

    [Fact]
    public async Task Submit_SendGridAnswers503BeyondQuickRetries_PortalRequeuesWithBackoffThenSent()
    {
        var (portalId, client, apiKey) = await PortalAsync();
        // The sender grain retries twice within one attempt; the third 503 goes back to the portal grain.
        fixture.SendGrid.Script(FakeSendGridReply.ServerError(503, times: 3) with { ForApiKey = apiKey });

        var messageId = await client.SubmitAsync(portalId, Bodies.Mail().ToJsonString());
        var view = await client.WaitForStatusAsync(portalId, messageId, "sent");

        Assert.Contains("retry", view.TimelineEvents());
        Assert.Equal(2, view.GetProperty("attempts").GetInt32());
        Assert.Equal([503, 503, 503, 202], CallsWith(apiKey).Select(c => c.Status));
    }

    [Fact]
    public async Task Submit_SandboxPortal_SentAsSandboxAndNothingDelivered()
    {
        var (portalId, client, apiKey) = await PortalAsync(new JsonObject { ["sandboxMode"] = true });

        var messageId = await client.SubmitAsync(portalId, Bodies.Mail().ToJsonString());
        var view = await client.WaitForStatusAsync(portalId, messageId, "sent");

        Assert.Contains("sandbox", view.TimelineEvents());
        Assert.DoesNotContain("sent", view.TimelineEvents());
        var call = Assert.Single(CallsWith(apiKey));
        Assert.Equal(200, call.Status); // SendGrid's sandbox answer: validated, not delivered
        Assert.True(call.Mail().MailSettings!.SandboxMode!.Enable);
    }

    [Fact]
    public async Task Submit_ManyWhileMisconfigured_SentInCallsOfAtMost1000Personalizations()
    {
        const int count = 2_300;
        var badKey = $"SG.unknown.{Guid.NewGuid():N}";
        var (portalId, client, _) = await PortalAsync(apiKey: badKey);
        var first = await client.SubmitAsync(portalId, Bodies.Mail().ToJsonString());
        await fixture.Admin.PollAsync($"/v1/portals/{portalId}",
            p => p.GetProperty("status").GetProperty("misconfigured").ValueKind == System.Text.Json.JsonValueKind.String, "misconfigured");

        // Everything queues behind the stopped portal: compatible messages, one recipient each.
        await Parallel.ForAsync(1, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var mail = Bodies.Mail($"user{i}@example.com").ToJsonString();
            using var response = await client.PostMessageAsync(portalId, mail);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });
        await fixture.Admin.PollAsync($"/v1/portals/{portalId}",
            p => p.GetProperty("status").GetProperty("queued").GetInt32() == count, $"{count} queued");

        var goodKey = fixture.NewSendGridKey();
        using var put = await fixture.Admin.PutAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative),
            E2eHttp.Json(Bodies.SendGrid(fixture.SendGrid.BaseUrl, goodKey)));
        Assert.True(put.IsSuccessStatusCode);
        await client.WaitForStatusAsync(portalId, first, "sent");
        await fixture.Admin.PollAsync($"/v1/portals/{portalId}",
            p => p.GetProperty("status").GetProperty("queued").GetInt32() == 0 && p.GetProperty("status").GetProperty("inFlight").GetInt32() == 0, "drained");

        var sizes = CallsWith(goodKey).Select(c => c.Mail().Personalizations!.Count).ToArray();
        Assert.Equal(count, sizes.Sum());
        Assert.All(sizes, s => Assert.InRange(s, 1, 1_000));
        Assert.Contains(1_000, sizes); // a full call: batching reached SendGrid's cap, never past it
        Assert.True(sizes.Length <= 6, $"{sizes.Length} calls: {string.Join(",", sizes)}");
    }
}
