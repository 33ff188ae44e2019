using OrleansNotify.Grains.Tracking;
using OrleansNotify.PostgreSql.Tracking;
using OrleansNotify.Testing.PostgreSql;
using OrleansNotify.Testing.Tracking;

namespace OrleansNotify.Tracking.Tests.Stores;

/// <summary>The embedded-mode store against the shared contract.</summary>
public sealed class InMemoryTrackingStoreTests() : TrackingStoreContractTests(new InMemoryTrackingStore());

/// <summary>The cluster-mode store against the same contract, on a fresh migrated database.</summary>
public sealed class PostgreSqlTrackingStoreTests(PostgreSqlDatabase database)
    : TrackingStoreContractTests(new PostgreSqlTrackingStore(database.DataSource)), IClassFixture<PostgreSqlDatabase>
{
    [Fact]
    public async Task IngestAsync_BatchFailingPartWay_StoresNothingOfIt()
    {
        // PostgreSQL refuses NUL in text: the last event fails after the others were sent in the same statement.
        var events = Enumerable.Range(0, 50).Select(i => TrackingEvents.Event($"a-{i}", "bounce", TrackingEvents.T0, bounceType: "bounce", email: $"u{i}@example.com"))
            .Append(TrackingEvents.Event("bad", "delivered", TrackingEvents.T0) with { Reason = "nul\0byte" }).ToArray();

        await Assert.ThrowsAnyAsync<Exception>(() => Store.IngestAsync(Portal, events, None));

        Assert.Equal(0, await database.ScalarAsync($"SELECT count(*) FROM notify_tracking_events WHERE portal_id = '{Portal}'"));
        Assert.Equal(0, await database.ScalarAsync($"SELECT count(*) FROM notify_tracking_counters WHERE portal_id = '{Portal}'"));
        Assert.Empty(await Store.GetSuppressionsAsync(Portal, None));
        Assert.Equal(50, (await Store.IngestAsync(Portal, events[..50], None)).Count);
    }
}
