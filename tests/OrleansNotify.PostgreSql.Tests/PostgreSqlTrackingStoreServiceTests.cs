using OrleansNotify.PostgreSql.Tracking;
using OrleansNotify.Testing.PostgreSql;
using OrleansNotify.Tracking;

namespace OrleansNotify.PostgreSql.Tests;

/// <summary>
/// Issue 7 for tracking: two services on one database, the same portal id and the same sg_event_ids.
/// Events, counters and suppressions stay per service.
/// </summary>
public sealed class PostgreSqlTrackingStoreServiceTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string portal = "shared-" + Guid.NewGuid().ToString("N")[..10];
    private readonly PostgreSqlTrackingStore blue = new(database.DataSource, "blue");
    private readonly PostgreSqlTrackingStore green = new(database.DataSource, "green");

    [Fact]
    public async Task TwoServices_SameEventIds_EachIngestsAndCountsOnlyItsOwn()
    {
        Assert.Equal(["e1", "e2"], (await blue.IngestAsync(portal, [Delivered("e1"), Delivered("e2")], None)).Select(e => e.EventId));
        // The same ids are new to the other service: de-duplication is per service.
        Assert.Equal(["e1"], (await green.IngestAsync(portal, [Delivered("e1")], None)).Select(e => e.EventId));

        Assert.Equal(2, (await blue.GetEventsAsync(portal, T0, T0.AddHours(1), None)).Count);
        Assert.Single(await green.GetEventsAsync(portal, T0, T0.AddHours(1), None));
        Assert.Equal(2, (await blue.GetTimelineAsync(portal, "m", null, None)).Count);
        Assert.Single(await green.GetTimelineAsync(portal, "m", null, None));
        Assert.Equal(2, Delivered(await blue.GetCountersAsync(portal, T0, T0.AddHours(1), "", None)));
        Assert.Equal(1, Delivered(await green.GetCountersAsync(portal, T0, T0.AddHours(1), "", None)));
    }

    [Fact]
    public async Task TwoServices_SamePortal_KeepSuppressionsAndDeletesApart()
    {
        await blue.PutSuppressionAsync(portal, new Suppression { Email = "a@example.com", Reason = "bounce", CreatedAt = T0 }, None);
        await blue.IngestAsync(portal, [Delivered("e1")], None);
        await green.IngestAsync(portal, [Delivered("e1")], None);

        Assert.Empty(await green.GetSuppressionsAsync(portal, None));
        Assert.False(await green.DeleteSuppressionAsync(portal, "a@example.com", None));
        await green.DeletePortalAsync(portal, None);

        Assert.Single(await blue.GetSuppressionsAsync(portal, None));
        Assert.Single(await blue.GetEventsAsync(portal, T0, T0.AddHours(1), None));
        Assert.Empty(await green.GetEventsAsync(portal, T0, T0.AddHours(1), None));
    }

    private static TrackingEvent Delivered(string id) => new()
    {
        EventId = id,
        Type = "delivered",
        Timestamp = T0.AddMinutes(1),
        Email = "a@example.com",
        MessageId = "m",
    };

    private static long Delivered(IReadOnlyList<CounterValue> counters) =>
        counters.Where(c => c.Key.Metric == TrackingMetric.Delivered).Sum(c => c.Count);
}
