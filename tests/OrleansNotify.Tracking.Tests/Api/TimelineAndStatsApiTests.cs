using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Testing.Tracking;
using OrleansNotify.Tracking;
using OrleansNotify.Tracking.Tests.Support;
using static OrleansNotify.Tracking.Tests.Support.TrackingCalls;

namespace OrleansNotify.Tracking.Tests.Api;

/// <summary>What users read: a message's merged timeline and statistics that match the stored events.</summary>
[Collection(TrackingSiloCollection.Name)]
public sealed class TimelineAndStatsApiTests(TrackingSilo silo) : IDisposable
{
    private readonly WebhookSigner _signer = new();

    [Fact]
    public async Task GetMessage_OutOfOrderEvents_ShowsDeliveryAndWebhookEventsInTimeOrder()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var messageId = await SubmitAsync(portal, "reader@example.com");
        await silo.Admin.PollAsync($"/v1/portals/{portal}/messages/{messageId}", v => v.GetProperty("status").GetString() == "sent");
        var t = Now + 5;

        using var response = await silo.PostSignedAsync(portal, _signer, Body(
            Event("c1", "click", t + 3, messageId) .With("url", "https://example.com/offer"),
            Event("p1", "processed", t, messageId),
            Event("o1", "open", t + 2, messageId).With("sg_machine_open", true),
            Event("d1", "delivered", t + 1, messageId)));
        await response.ExpectAsync(HttpStatusCode.OK);

        var view = await silo.Admin.PollAsync($"/v1/portals/{portal}/messages/{messageId}",
            v => v.GetProperty("timeline").EnumerateArray().Any(e => e.GetProperty("event").GetString() == "click"));
        var timeline = view.GetProperty("timeline").EnumerateArray().ToArray();
        var tail = timeline.Select(e => e.GetProperty("event").GetString()!).TakeLast(4).ToArray();
        Assert.Equal(["processed", "delivered", "open", "click"], tail);
        Assert.Contains("https://example.com/offer", timeline[^1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("machine open", timeline[^2].GetProperty("detail").GetString(), StringComparison.Ordinal);
        var instants = timeline.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToArray();
        Assert.Equal(instants.Order(), instants);
    }

    [Fact]
    public async Task GetStats_RandomEventStreams_EqualADirectCountOverTheEvents()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var random = new Random(424242);
        var baseline = DateTimeOffset.FromUnixTimeSeconds(Now - 30 * 3600);
        var events = TrackingEvents.RandomStream(random, 600).Select(e => e with { Timestamp = baseline + (e.Timestamp - TrackingEvents.T0) }).ToList();
        var posts = events.Concat(events.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).Select(ToJson).Chunk(100);
        foreach (var chunk in posts)
        {
            using var response = await silo.PostSignedAsync(portal, _signer, Body(chunk));
            await response.ExpectAsync(HttpStatusCode.OK);
        }

        var expected = TrackingEvents.DirectCount(events);
        var from = baseline.UtcDateTime.Date;
        foreach (var (interval, category) in new[] { ("day", ""), ("hour", ""), ("day", "welcome"), ("hour", "digest") })
        {
            var query = $"from={from:yyyy-MM-dd}&to={from.AddDays(3):yyyy-MM-dd}&interval={interval}" + (category.Length > 0 ? $"&category={category}" : "");
            var want = Expected(expected, category, interval);
            var stats = await silo.Admin.PollAsync(StatsUrl(portal, query), s => Sum(s, "requests") == Total(want, TrackingMetric.Requests)
                && Sum(s, "opens") == Total(want, TrackingMetric.Opens) && Sum(s, "clicks") == Total(want, TrackingMetric.Clicks)
                && Sum(s, "delivered") == Total(want, TrackingMetric.Delivered));
            var got = stats.GetProperty("stats").EnumerateArray().ToDictionary(b => b.GetProperty("start").GetDateTimeOffset(), b => b.GetProperty("metrics"));
            Assert.Equal(want.Keys.Order(), got.Keys.Order());
            foreach (var (start, metrics) in want)
            {
                foreach (var (metric, count) in metrics)
                {
                    var name = JsonNamingPolicy.CamelCase.ConvertName(metric.ToString());
                    Assert.True(count == got[start].GetProperty(name).GetInt64(), $"{interval} {category} {start:O} {name}: expected {count}, got {got[start].GetProperty(name)}");
                }
            }
        }
    }

    [Theory]
    [InlineData("to=2026-01-01", "from")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-01-01&to=2026-01-02&interval=week", "interval")]
    [InlineData("from=2026-01-02&to=2026-01-01", "to")]
    [InlineData("from=2024-01-01&to=2026-01-01", "to")]
    public async Task GetStats_BadQuery_Is400NamingTheField(string query, string field)
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        var error = await silo.Admin.GetJsonAsync(StatsUrl(portal, query), HttpStatusCode.BadRequest);
        Assert.Equal(field, error.Field());
    }

    [Fact]
    public async Task GetStats_WithoutKey_Is401()
    {
        var (portal, _) = await silo.CreatePortalAsync(_signer.PublicKey);
        await silo.Anonymous.GetJsonAsync(StatsUrl(portal), HttpStatusCode.Unauthorized);
    }

    private static long Total(Dictionary<DateTimeOffset, Dictionary<TrackingMetric, long>> want, TrackingMetric metric) =>
        want.Values.Sum(m => m[metric]);

    private static Dictionary<DateTimeOffset, Dictionary<TrackingMetric, long>> Expected(Dictionary<CounterKey, long> counts, string category, string interval) =>
        counts.Where(c => c.Key.Category == category)
            .GroupBy(c => interval == "hour" ? c.Key.Hour : new DateTimeOffset(c.Key.Hour.UtcDateTime.Date, TimeSpan.Zero))
            .ToDictionary(g => g.Key, g => Enum.GetValues<TrackingMetric>().ToDictionary(m => m, m => g.Where(c => c.Key.Metric == m).Sum(c => c.Value)));

    private static JsonObject ToJson(TrackingEvent e)
    {
        var json = Event(e.EventId, e.Type, e.Timestamp.ToUnixTimeSeconds(), e.MessageId, email: e.Email!,
            sgMessageId: e.ProviderMessageId + ".filter0001.1.0", category: new JsonArray(e.Categories.Select(c => (JsonNode)c!).ToArray()));
        if (e.BounceType is not null)
        {
            json["type"] = e.BounceType;
        }

        if (e.AsmGroupId is not null)
        {
            json["asm_group_id"] = e.AsmGroupId;
        }

        if (e.Url is not null)
        {
            json["url"] = e.Url;
        }

        return json;
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

internal static class JsonObjectExtensions
{
    public static JsonObject With(this JsonObject json, string name, JsonNode? value)
    {
        json[name] = value;
        return json;
    }
}
