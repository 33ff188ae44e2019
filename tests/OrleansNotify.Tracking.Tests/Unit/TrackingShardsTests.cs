using OrleansNotify.Testing.Tracking;

namespace OrleansNotify.Tracking.Tests.Unit;

public sealed class TrackingShardsTests
{
    [Fact]
    public void Of_SameAddressInAnyCaseOrSpacing_SameShard()
    {
        var shard = TrackingShards.Of(TrackingEvents.Event("1", "open", TrackingEvents.T0, email: "Reader@Example.com"), 4);

        Assert.Equal(shard, TrackingShards.Of(TrackingEvents.Event("2", "bounce", TrackingEvents.T0, email: " reader@example.COM "), 4));
    }

    [Fact]
    public void Of_ManyAddresses_UsesEveryShardAndStaysInRange()
    {
        var shards = Enumerable.Range(0, 200)
            .Select(i => TrackingShards.Of(TrackingEvents.Event($"{i}", "open", TrackingEvents.T0, email: $"user{i}@example.com"), 4))
            .ToHashSet();

        Assert.Equal([0, 1, 2, 3], shards.Order());
        Assert.InRange(TrackingShards.Of(TrackingEvents.Event("x", "processed", TrackingEvents.T0) with { Email = null }, 4), 0, 3);
    }

    [Theory]
    [InlineData("portal-1/3", "portal-1")]
    [InlineData("portal-1", "portal-1")]
    public void PortalOf_ShardKeyOrKeyFromBeforeShards_IsThePortal(string key, string portal) =>
        Assert.Equal(portal, TrackingShards.PortalOf(key));

    [Fact]
    public void StreamKey_RoundTripsThroughPortalOf() =>
        Assert.Equal("p_2", TrackingShards.PortalOf(TrackingShards.StreamKey("p_2", 1)));
}
