using OrleansNotify.Tracking;
using static OrleansNotify.Testing.Tracking.TrackingEvents;

namespace OrleansNotify.Testing.Tracking;

public abstract partial class TrackingStoreContractTests
{
    [Fact]
    public async Task IngestAsync_BounceSpamUnsubscribeInvalid_AddSuppressions_BlockDoesNot()
    {
        await Store.IngestAsync(Portal,
        [
            Event("1", "bounce", T0, email: "Bounced@Example.com", bounceType: "bounce", reason: "550 unknown user"),
            Event("2", "bounce", T0, email: "blocked@example.com", bounceType: "blocked"),
            Event("3", "spamreport", T0, email: "spam@example.com"),
            Event("4", "unsubscribe", T0, email: "unsub@example.com"),
            Event("5", "dropped", T0, email: "invalid@example.com", reason: "Invalid"),
            Event("6", "dropped", T0, email: "other@example.com", reason: "Bounced Address"),
        ], None);

        var list = await Store.GetSuppressionsAsync(Portal, None);
        Assert.Equal(
            [("bounced@example.com", "bounce"), ("invalid@example.com", "invalid"), ("spam@example.com", "spamreport"), ("unsub@example.com", "unsubscribe")],
            list.Select(s => (s.Email, s.Reason)));
        Assert.Equal("550 unknown user", list[0].Detail);
        Assert.Equal(T0, list[0].CreatedAt);
    }

    [Fact]
    public async Task IngestAsync_GroupResubscribe_RemovesOnlyThatGroup()
    {
        await Store.IngestAsync(Portal, [Event("1", "group_unsubscribe", T0, group: 1), Event("2", "group_unsubscribe", T0, group: 2)], None);
        await Store.IngestAsync(Portal, [Event("3", "group_resubscribe", T0.AddMinutes(1), group: 1)], None);

        var only = Assert.Single(await Store.GetSuppressionsAsync(Portal, None));
        Assert.Equal((2, "group_unsubscribe"), (only.GroupId, only.Reason));
    }

    [Fact]
    public async Task PutAndDeleteSuppression_ByAnyCase_AddsAndRemovesEveryGroup()
    {
        await Store.PutSuppressionAsync(Portal, new Suppression { Email = "Manual@Example.com", Reason = "manual", CreatedAt = T0 }, None);
        await Store.PutSuppressionAsync(Portal, new Suppression { Email = "manual@example.com", Reason = "manual", CreatedAt = T0, GroupId = 4 }, None);
        Assert.Equal(2, (await Store.GetSuppressionsAsync(Portal, None)).Count);

        Assert.True(await Store.DeleteSuppressionAsync(Portal, "MANUAL@example.com", None));
        Assert.False(await Store.DeleteSuppressionAsync(Portal, "manual@example.com", None));
        Assert.Empty(await Store.GetSuppressionsAsync(Portal, None));
    }

    [Fact]
    public async Task DeletePortalAsync_RemovesEventsCountersMarksAndSuppressions_OnlyOfThatPortal()
    {
        TrackingEvent[] events = [Event("1", "bounce", T0, bounceType: "bounce"), Event("2", "open", T0, email: "reader@example.com")];
        var other = Portal + "-kept";
        await Store.IngestAsync(Portal, events, None);
        await Store.IngestAsync(other, events, None);
        await Store.PutSuppressionAsync(Portal, new Suppression { Email = "manual@example.com", Reason = "manual", CreatedAt = T0 }, None);

        await Store.DeletePortalAsync(Portal, None);

        Assert.Empty(await Store.GetEventsAsync(Portal, T0.AddYears(-1), T0.AddYears(1), None));
        Assert.Empty(await AllCountersAsync(""));
        Assert.Empty(await Store.GetSuppressionsAsync(Portal, None));
        // The same events are new again, and the open is a first open again: its unique mark went too.
        Assert.Equal(2, (await Store.IngestAsync(Portal, events, None)).Count);
        Assert.Equal(1, (await AllCountersAsync(""))[new CounterKey(T0, "", TrackingMetric.UniqueOpens)]);
        Assert.Equal(2, (await Store.GetEventsAsync(other, T0.AddYears(-1), T0.AddYears(1), None)).Count);
        Assert.Single(await Store.GetSuppressionsAsync(other, None));
    }
}
