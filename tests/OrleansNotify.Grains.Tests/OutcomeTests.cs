using OrleansNotify.Messages;
using OrleansNotify.Notifiers;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class OutcomeTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    private static Func<string, SendOutcome> Outcome(SendResult result, string? detail = null, DateTimeOffset? retryAt = null) =>
        id => new SendOutcome { MessageId = id, Result = result, Detail = detail, RetryAt = retryAt };

    [Fact]
    public async Task Transient_ThenSent_RetriedWithBackoffAndSent()
    {
        var portal = await CreatePortalAsync();
        var id = NewMessageId();
        // Three transient answers use up the sender's call and its two quick retries; the portal retries later.
        Notifier.Script(id, Outcome(SendResult.Transient, "503"), Outcome(SendResult.Transient, "503"), Outcome(SendResult.Transient, "503 again"));

        await SubmitAsync(portal, id);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        Assert.Equal(2, view.Attempts);
        Assert.Contains(view.Timeline, e => e.Event == "retry" && e.Detail == "503 again");
        var calls = Notifier.CallsFor(portal.GetPrimaryKeyString());
        Assert.Equal(4, calls.Count);
        Assert.Equal([1, 1, 1, 2], calls.Select(c => c.Attempt));
    }

    [Fact]
    public async Task Transient_OnceWithinQuickRetries_SentInOneAttempt()
    {
        var portal = await CreatePortalAsync();
        var id = NewMessageId();
        Notifier.Script(id, Outcome(SendResult.Transient, "timeout"));

        await SubmitAsync(portal, id);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        Assert.Equal(1, view.Attempts);
        Assert.DoesNotContain(view.Timeline, e => e.Event == "retry");
        Assert.Equal(2, Notifier.CallsFor(portal.GetPrimaryKeyString()).Count);
    }

    [Fact]
    public async Task Transient_PastGiveUpAfter_FailsWithTheLastReason()
    {
        var portal = await CreatePortalAsync();
        var id = NewMessageId();
        Notifier.Script(id, Enumerable.Repeat(Outcome(SendResult.Transient, "connection reset"), 500).ToArray());

        await SubmitAsync(portal, id);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Failed);

        // The test silo gives up after 1.5 s (24 h by default); back-off starts at 100 ms and doubles.
        Assert.StartsWith("gave up after", view.LastError, StringComparison.Ordinal);
        Assert.EndsWith("connection reset", view.LastError, StringComparison.Ordinal);
        Assert.InRange(view.Attempts, 2, 12);
        Assert.Contains(view.Timeline, e => e.Event == "retry");
        var calls = Notifier.CallsFor(portal.GetPrimaryKeyString());
        Assert.True(calls[^1].At - calls[0].At >= TimeSpan.FromSeconds(1.4), $"gave up after {calls[^1].At - calls[0].At}");
    }

    [Fact]
    public async Task Permanent_FailsWithTheReason()
    {
        var portal = await CreatePortalAsync();
        var id = NewMessageId();
        Notifier.Script(id, Outcome(SendResult.Permanent, "400: invalid from address"));

        await SubmitAsync(portal, id);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Failed);

        Assert.Equal("400: invalid from address", view.LastError);
        Assert.Equal(1, view.Attempts);
        Assert.Equal("failed", view.Timeline[^1].Event);
        Assert.Single(Notifier.CallsFor(portal.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task RateLimited_PausesPortalUntilRetryAt_WithoutCountingAnAttempt()
    {
        var portal = await CreatePortalAsync();
        var id = NewMessageId();
        var retryAt = Now.AddSeconds(1);
        Notifier.Script(id, Outcome(SendResult.RateLimited, "429", retryAt));

        await SubmitAsync(portal, id);
        await Poll.UntilAsync(async () => (await portal.GetStatusAsync())!.PausedUntil is not null, Timeout, () => "portal never paused");
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        Assert.Equal(1, view.Attempts);
        Assert.Contains(view.Timeline, e => e.Event == "throttled");
        var calls = Notifier.CallsFor(portal.GetPrimaryKeyString());
        Assert.Equal(2, calls.Count);
        Assert.Equal([1, 1], calls.Select(c => c.Attempt));
        Assert.True(calls[1].At >= retryAt, $"resent at {calls[1].At:O}, before the reset {retryAt:O}");
    }

    [Fact]
    public async Task Misconfigured_MessageWaits_ResumesAfterPutAsync()
    {
        var portal = await CreatePortalAsync(TestPortal(TestNotifier.BrokenName));
        var portalId = portal.GetPrimaryKeyString();
        var directory = Grains.GetGrain<IPortalDirectoryGrain>(0);

        var id = await SubmitAsync(portal);
        await Poll.UntilAsync(async () => (await portal.GetStatusAsync())!.Misconfigured is not null, Timeout, () => "never marked misconfigured");
        var waiting = await portal.GetMessageAsync(id);
        Assert.Equal(MessageStatus.Queued, waiting!.Status);
        Assert.Equal(0, waiting.Attempts);
        Assert.Equal("API key rejected (401)", (await directory.GetMisconfiguredAsync())[portalId]);
        var callsWhileBroken = Notifier.CallsFor(portalId).Count;
        Assert.Equal(1, (await portal.GetStatusAsync())!.Queued);

        await portal.PutAsync(TestPortal("fixed"));
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        Assert.Equal(1, callsWhileBroken); // it waited instead of hammering a bad key
        Assert.Equal(1, view.Attempts);
        Assert.Contains(view.Timeline, e => e.Event == "waiting");
        Assert.Null((await portal.GetStatusAsync())!.Misconfigured);
        Assert.False((await directory.GetMisconfiguredAsync()).ContainsKey(portalId));
    }

    [Fact]
    public async Task Misconfigured_PassingVerify_ClearsAndResumes()
    {
        var portal = await CreatePortalAsync();
        var portalId = portal.GetPrimaryKeyString();
        Notifier.Revoke(portalId);
        var id = await SubmitAsync(portal);
        await Poll.UntilAsync(async () => (await portal.GetStatusAsync())!.Misconfigured is not null, Timeout, () => "never marked misconfigured");

        Assert.False((await portal.VerifyAsync())!.Passed);
        Assert.NotNull((await portal.GetStatusAsync())!.Misconfigured);
        Assert.Equal(MessageStatus.Queued, (await portal.GetMessageAsync(id))!.Status);

        Notifier.Restore(portalId); // fixed at the provider, same configuration
        Assert.True((await portal.VerifyAsync())!.Passed);
        await WaitForStatusAsync(portal, id, MessageStatus.Sent);
        Assert.Null((await portal.GetStatusAsync())!.Misconfigured);
    }

    [Fact]
    public async Task UnknownNotifierKind_MessageWaitsAsMisconfigured()
    {
        var portal = await CreatePortalAsync(TestPortal(kind: "no-such-kind"));

        var id = await SubmitAsync(portal);
        await Poll.UntilAsync(async () => (await portal.GetStatusAsync())!.Misconfigured is not null, Timeout, () => "never marked misconfigured");

        Assert.Contains("unknown notifier kind", (await portal.GetStatusAsync())!.Misconfigured, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.Queued, (await portal.GetMessageAsync(id))!.Status);
    }

    [Fact]
    public async Task RefusedRecipients_GoToTheTimeline()
    {
        var portal = await CreatePortalAsync();
        var id = NewMessageId();
        Notifier.Script(id, m => new SendOutcome
        {
            MessageId = m,
            Result = SendResult.Sent,
            RefusedRecipients = [new RecipientFailure("gone@example.com", "550 no such user", Permanent: true)],
        });

        await SubmitAsync(portal, id);
        var view = await WaitForStatusAsync(portal, id, MessageStatus.Sent);

        var refused = Assert.Single(view.Timeline, e => e.Event == "recipient-refused");
        Assert.Contains("gone@example.com", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.Sent, view.Status);
    }
}
