using OrleansNotify.Tracking;
using static OrleansNotify.Testing.Tracking.TrackingEvents;

namespace OrleansNotify.Testing.Tracking;

/// <summary>
/// Every <see cref="ITrackingStore"/> keeps this contract; subclass once per implementation. Each test
/// works in its own portal, so one store (or database) serves the whole class.
/// </summary>
public abstract partial class TrackingStoreContractTests(ITrackingStore store)
{
    protected ITrackingStore Store { get; } = store;

    protected string Portal { get; } = "portal-" + Guid.NewGuid().ToString("N")[..10];

    protected static CancellationToken None => CancellationToken.None;

    private static readonly DateTimeOffset Far = T0.AddYears(1);

    [Fact]
    public async Task IngestAsync_NewEvents_ReturnsThemInBatchOrder()
    {
        var added = await Store.IngestAsync(Portal, [Event("c", "delivered", T0), Event("a", "processed", T0), Event("b", "open", T0)], None);
        Assert.Equal(["c", "a", "b"], added.Select(e => e.EventId));
    }

    [Fact]
    public async Task IngestAsync_SameBatchTwice_ChangesNothing()
    {
        var batch = RandomStream(new Random(7), 200);
        await Store.IngestAsync(Portal, batch, None);
        var counters = await AllCountersAsync("");
        var suppressions = await Store.GetSuppressionsAsync(Portal, None);

        var again = await Store.IngestAsync(Portal, batch, None);

        Assert.Empty(again);
        Assert.Equal(counters, await AllCountersAsync(""));
        Assert.Equal(suppressions, await Store.GetSuppressionsAsync(Portal, None));
        Assert.Equal(200, (await Store.GetEventsAsync(Portal, T0.AddYears(-1), Far, None)).Count);
    }

    [Fact]
    public async Task IngestAsync_SameIdTwiceInOneBatch_StoresAndCountsItOnce()
    {
        var added = await Store.IngestAsync(Portal, [Event("x", "delivered", T0), Event("x", "delivered", T0)], None);

        Assert.Single(added);
        var counters = await AllCountersAsync("");
        Assert.Equal(1, counters[new CounterKey(T0, "", TrackingMetric.Delivered)]);
    }

    [Fact]
    public async Task IngestAsync_UnknownType_IsStoredButCountsNothing()
    {
        await Store.IngestAsync(Portal, [Event("u", "future_event", T0)], None);

        var stored = Assert.Single(await Store.GetEventsAsync(Portal, T0, T0.AddHours(1), None));
        Assert.Equal("future_event", stored.Type);
        Assert.Contains("future_event", stored.Raw, StringComparison.Ordinal);
        Assert.Empty(await AllCountersAsync(""));
    }

    [Fact]
    public async Task IngestAsync_EveryField_ReadsBackAsStored()
    {
        var e = Event("full", "bounce", T0.AddSeconds(5), categories: ["a", "b"], provider: "prov", bounceType: "bounce",
            reason: "550 no such user", group: 3, url: "https://x.test/") with { Classification = "Invalid Address", MachineOpen = true };

        await Store.IngestAsync(Portal, [e], None);

        var stored = Assert.Single(await Store.GetTimelineAsync(Portal, "m1", null, None));
        Assert.Equal(e with { Categories = [] }, stored with { Categories = [] });
        Assert.Equal(["a", "b"], stored.Categories);
    }

    [Fact]
    public async Task GetTimelineAsync_OutOfOrderEvents_ByOurIdOrProviderId_InTimeOrder()
    {
        await Store.IngestAsync(Portal, [Event("3", "open", T0.AddMinutes(3), provider: "P1"), Event("1", "processed", T0.AddMinutes(1), provider: "P1")], None);
        await Store.IngestAsync(Portal, [Event("2", "delivered", T0.AddMinutes(2), message: null!, provider: "P1") with { MessageId = null },
            Event("other", "delivered", T0, message: "m2", provider: "P2")], None);

        var timeline = await Store.GetTimelineAsync(Portal, "m1", "P1", None);
        Assert.Equal(["1", "2", "3"], timeline.Select(e => e.EventId));
        Assert.Equal(["1", "3"], (await Store.GetTimelineAsync(Portal, "m1", null, None)).Select(e => e.EventId));
    }

    [Fact]
    public async Task GetTimelineAsync_BatchedSendSharesProviderId_KeepsOtherMessagesOut()
    {
        // One mail/send request for two of our messages: SendGrid answers one X-Message-Id for both.
        await Store.IngestAsync(Portal, [Event("a", "delivered", T0, message: "m1", provider: "P"), Event("b", "delivered", T0, message: "m2", provider: "P"),
            Event("c", "open", T0.AddMinutes(1), provider: "P") with { MessageId = null }], None);

        Assert.Equal(["a", "c"], (await Store.GetTimelineAsync(Portal, "m1", "P", None)).Select(e => e.EventId));
    }

    [Fact]
    public async Task GetCountersAsync_Categories_CountPerCategoryAndAll()
    {
        await Store.IngestAsync(Portal, [Event("1", "delivered", T0, categories: ["a", "b"]), Event("2", "delivered", T0.AddMinutes(70), categories: ["a"])], None);

        Assert.Equal(2, (await AllCountersAsync("")).Values.Sum());
        Assert.Equal(2, (await AllCountersAsync("a")).Values.Sum());
        var b = await AllCountersAsync("b");
        Assert.Equal(1, b[new CounterKey(T0, "b", TrackingMetric.Delivered)]);
        Assert.Single(b);
    }

    [Fact]
    public async Task IngestAsync_EarlierOpenArrivesLater_MovesTheUniqueOpenToItsHour()
    {
        await Store.IngestAsync(Portal, [Event("late", "open", T0.AddHours(3))], None);
        await Store.IngestAsync(Portal, [Event("early", "open", T0)], None);
        await Store.IngestAsync(Portal, [Event("again", "open", T0.AddHours(1))], None);

        var counters = await AllCountersAsync("");
        Assert.Equal(1, counters[new CounterKey(T0, "", TrackingMetric.UniqueOpens)]);
        Assert.False(counters.ContainsKey(new CounterKey(T0.AddHours(3), "", TrackingMetric.UniqueOpens)));
        Assert.Equal(3, counters.Where(c => c.Key.Metric == TrackingMetric.Opens).Sum(c => c.Value));
    }

    [Fact]
    public async Task IngestAsync_RandomStreamsInShuffledRepeatedBatches_CountersEqualDirectCount()
    {
        var random = new Random(20261124);
        for (var round = 0; round < 3; round++)
        {
            var portal = $"{Portal}-{round}";
            var events = RandomStream(random, 400, $"r{round}-");
            // SendGrid's retries: every event arrives about three times, in random batches and order.
            var deliveries = events.Concat(events.Where(_ => random.Next(2) == 0)).Concat(events).OrderBy(_ => random.Next()).ToList();
            for (var i = 0; i < deliveries.Count; i += 1 + random.Next(150))
            {
                await Store.IngestAsync(portal, deliveries.Skip(i).Take(150).ToArray(), None);
            }

            var stored = await Store.GetEventsAsync(portal, T0.AddYears(-1), Far, None);
            Assert.Equal(events.Count, stored.Count);
            var expected = DirectCount(stored);
            foreach (var category in new[] { "", "welcome", "digest" })
            {
                var actual = (await Store.GetCountersAsync(portal, T0.AddYears(-1), Far, category, None)).ToDictionary(c => c.Key, c => c.Count);
                Assert.Equal(expected.Where(e => e.Key.Category == category).OrderBy(e => e.Key.ToString()), actual.OrderBy(e => e.Key.ToString()));
            }
        }
    }

    [Fact]
    public async Task IngestAsync_ShardsOfOnePortalInParallel_CountersEqualDirectCount()
    {
        // How the ingest grains write: one sequence of batches per recipient shard, the shards at once.
        var random = new Random(8);
        var events = RandomStream(random, 600, "sh-");
        var deliveries = events.Concat(events.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next()).ToArray();
        await Task.WhenAll(deliveries.GroupBy(e => TrackingShards.Of(e, 4)).Select(async shard =>
        {
            foreach (var batch in shard.Chunk(40))
            {
                await Store.IngestAsync(Portal, batch, None);
            }
        }));

        var stored = await Store.GetEventsAsync(Portal, T0.AddYears(-1), Far, None);
        Assert.Equal(events.Count, stored.Count);
        var expected = DirectCount(stored).Where(e => e.Key.Category == "").OrderBy(e => e.Key.ToString());
        Assert.Equal(expected, (await AllCountersAsync("")).OrderBy(e => e.Key.ToString()));
    }

    [Fact]
    public async Task IngestAsync_ThousandEventBatch_StoresEveryEvent()
    {
        var events = Enumerable.Range(0, 1000).Select(i => Event($"k{i}", "delivered", T0.AddSeconds(i), message: $"m{i}")).ToArray();

        Assert.Equal(1000, (await Store.IngestAsync(Portal, events, None)).Count);
        Assert.Equal(1000, (await AllCountersAsync("")).Values.Sum());
    }

    [Fact]
    public async Task IngestAsync_ParallelPortals_KeepTheirOwnCounts()
    {
        var portals = Enumerable.Range(0, 6).Select(i => $"{Portal}-par{i}").ToArray();
        await Task.WhenAll(portals.Select((p, i) => Store.IngestAsync(p,
            Enumerable.Range(0, 50 + i).Select(n => Event($"same-{n}", "processed", T0)).ToArray(), None)));

        for (var i = 0; i < portals.Length; i++)
        {
            var counters = await Store.GetCountersAsync(portals[i], T0, Far, "", None);
            Assert.Equal(50 + i, counters.Single(c => c.Key.Metric == TrackingMetric.Processed).Count);
        }
    }

    protected async Task<Dictionary<CounterKey, long>> AllCountersAsync(string category) =>
        (await Store.GetCountersAsync(Portal, T0.AddYears(-1), Far, category, None)).ToDictionary(c => c.Key, c => c.Count);
}
