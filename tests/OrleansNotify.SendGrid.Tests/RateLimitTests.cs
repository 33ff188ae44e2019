using OrleansNotify.Notifiers;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.SendGrid.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task SendAsync_429WithReset_ReturnsRateLimitedUntilReset()
    {
        await using var h = await Harness.StartAsync();
        var reset = DateTimeOffset.FromUnixTimeSeconds(h.Time.GetUtcNow().AddSeconds(42).ToUnixTimeSeconds());
        h.Server.Script(FakeSendGridReply.RateLimited(reset));

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail()));

        Assert.Equal(SendResult.RateLimited, outcome.Result);
        Assert.Equal(reset, outcome.RetryAt);
    }

    [Fact]
    public async Task SendAsync_429WithoutReset_PausesForTheFallback()
    {
        await using var h = await Harness.StartAsync(o => o.RateLimitFallback = TimeSpan.FromSeconds(17));
        h.Server.Script(FakeSendGridReply.RateLimited(reset: null));

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail()));

        Assert.Equal(SendResult.RateLimited, outcome.Result);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(17), outcome.RetryAt);
    }

    [Fact]
    public async Task SendAsync_After429_PausesOnlyPortalsSharingTheKey()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AddKey("SG.other-account", "mail.send");
        var reset = h.Time.GetUtcNow().AddSeconds(30);
        h.Server.Script(FakeSendGridReply.RateLimited(reset, forApiKey: FakeSendGridServer.DefaultApiKey));

        var first = Assert.Single(await h.SendAsync("portal-a", h.Portal(), Harness.Mail()));
        var sameKey = Assert.Single(await h.SendAsync("portal-b", h.Portal(), Harness.Mail()));
        var otherKey = Assert.Single(await h.SendAsync("portal-c", h.Portal("SG.other-account"), Harness.Mail()));

        Assert.Equal(SendResult.RateLimited, first.Result);
        Assert.Equal(SendResult.RateLimited, sameKey.Result);
        Assert.Equal(first.RetryAt, sameKey.RetryAt);
        Assert.Equal(SendResult.Sent, otherKey.Result);
        // portal-b was answered from the registry: SendGrid saw the 429 call and portal-c's call only.
        Assert.Equal(2, h.Server.MailSends.Count());
    }

    [Fact]
    public async Task SendAsync_PauseOver_SendsAgain()
    {
        await using var h = await Harness.StartAsync();
        h.Server.Script(FakeSendGridReply.RateLimited(h.Time.GetUtcNow().AddSeconds(10)));
        Assert.Equal(SendResult.RateLimited, Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail())).Result);
        Assert.Equal(SendResult.RateLimited, Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail())).Result);

        h.Time.Advance(TimeSpan.FromSeconds(11));
        var outcome = Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail()));

        Assert.Equal(SendResult.Sent, outcome.Result);
    }

    [Fact]
    public async Task SendAsync_429InBatchedJob_LaterCallsOfTheJobDoNotReachSendGrid()
    {
        await using var h = await Harness.StartAsync(o => o.MaxConcurrentCallsPerJob = 1);
        h.Server.Script(FakeSendGridReply.RateLimited(h.Time.GetUtcNow().AddSeconds(10)));
        // Three subjects: three calls that cannot be merged.
        var mails = new[] { Harness.Mail(subject: "a"), Harness.Mail(subject: "b"), Harness.Mail(subject: "c") };

        var outcomes = await h.SendAsync(h.Portal(), mails);

        Assert.All(outcomes, o => Assert.Equal(SendResult.RateLimited, o.Result));
        Assert.Single(h.Server.MailSends);
    }

    [Fact]
    public void RateLimitRegistry_LaterPauseWins()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var registry = new RateLimitRegistry(time);
        var fp = ApiKeyFingerprint.Of("SG.k");

        registry.Pause(fp, time.GetUtcNow().AddSeconds(30));
        registry.Pause(fp, time.GetUtcNow().AddSeconds(5));

        Assert.Equal(time.GetUtcNow().AddSeconds(30), registry.PausedUntil(fp));
        Assert.Null(registry.PausedUntil(ApiKeyFingerprint.Of("SG.other")));
    }

    [Fact]
    public void ApiKeyFingerprint_IsSha256HexAndNeverTheKey()
    {
        var fp = ApiKeyFingerprint.Of("SG.secret");

        Assert.Equal(64, fp.Length);
        Assert.DoesNotContain("secret", fp, StringComparison.Ordinal);
        Assert.Equal(fp, ApiKeyFingerprint.Of("SG.secret"));
        Assert.NotEqual(fp, ApiKeyFingerprint.Of("SG.secreT"));
    }
}
