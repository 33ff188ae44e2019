using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OrleansNotify.Events.Tests.Support;
using OrleansNotify.Grains.Events;
using OrleansNotify.RabbitMq;

namespace OrleansNotify.Events.Tests.RabbitMq;

/// <summary>A real RabbitMQ node feeding the silo's ingress. One collection: the restart test stops the node.</summary>
[Collection(RabbitCollection.Name)]
public sealed class RabbitMqIngressTests(RabbitSiloFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly EventsSilo _silo = fixture.Silo;

    private async Task<EventPublisher> PublisherAsync()
    {
        var publisher = await EventPublisher.ConnectAsync(fixture.Broker.Uri);
        await publisher.WaitForQueueAsync(fixture.Queue, Timeout);
        return publisher;
    }

    [Fact]
    public async Task Publish_EventsWithConfirms_BecomeEmails()
    {
        var (portalId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);
        await using var publisher = await PublisherAsync();
        var ids = Enumerable.Range(0, 20).Select(i => EventCalls.NewId($"r{i}")).ToArray();

        await publisher.PublishManyAsync(fixture.Queue, ids.Select(id => EventCalls.VideoEvent(id, portalId).ToJsonString()));

        var expected = ids.Select(id => EventMessageBuilder.MessageId(portalId, id, "video.published", 0)).ToHashSet();
        var arrived = await EventCalls.WaitForMessagesAsync(folder, expected.Count, Timeout);
        Assert.Equal(expected, arrived);
        var eml = EventCalls.Load(Directory.GetFiles(folder, "*.eml")[0]);
        Assert.Equal("New video: Tom & Jerry <3", eml.Subject);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""{"id":"x1","portalId":"p1","occurredAt":"2026-11-24T12:00:00Z","data":{}}""", "type")]
    [InlineData("""{"id":"x2","type":"a.b","occurredAt":"2026-11-24T12:00:00Z","data":{}}""", "portalId")]
    public async Task Publish_MalformedEvent_LandsInDeadLetterQueueWithReason(string body, string reason)
    {
        await using var publisher = await PublisherAsync();
        var marker = $"marker-{Guid.NewGuid():N}";
        // The marker rides in a header so this test finds its own dead letter among others'.
        await publisher.PublishAsync(fixture.Queue, body.Replace("\"id\":\"x", $"\"id\":\"{marker}", StringComparison.Ordinal));

        var deadQueue = fixture.Queue + ".dead";
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var dead = await publisher.GetAsync(deadQueue, Timeout - clock.Elapsed);
            var text = Encoding.UTF8.GetString(dead.Body.Span);
            if (text.Contains(marker, StringComparison.Ordinal) || (!body.Contains("\"id\"", StringComparison.Ordinal) && text == body))
            {
                var error = Encoding.UTF8.GetString((byte[])dead.BasicProperties.Headers![RabbitMqTopology.ErrorHeader]!);
                Assert.Contains(reason, error, StringComparison.Ordinal);
                return;
            }
        }
    }

    [Fact]
    public async Task Publish_SameEventTwice_SendsOnce()
    {
        var (portalId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);
        await using var publisher = await PublisherAsync();
        var evt = EventCalls.VideoEvent(EventCalls.NewId("dup"), portalId).ToJsonString();
        var markerId = EventCalls.NewId("mark");

        await publisher.PublishAsync(fixture.Queue, evt);
        await publisher.PublishAsync(fixture.Queue, evt);
        await publisher.PublishAsync(fixture.Queue, EventCalls.VideoEvent(markerId, portalId).ToJsonString());

        // Both copies and the marker are processed once the marker's email and the duplicate's exist.
        var duplicateId = EventMessageBuilder.MessageId(portalId, JsonNode.Parse(evt)!["id"]!.GetValue<string>(), "video.published", 0);
        await EventCalls.WaitForEmlAsync(folder, EventMessageBuilder.MessageId(portalId, markerId, "video.published", 0));
        await EventCalls.WaitForEmlAsync(folder, duplicateId);
        await WaitForLogAsync(portalId, markerId);
        Assert.Single(Directory.GetFiles(folder, $"{duplicateId}-*.eml"));
    }

    [Fact]
    public async Task BrokerRestartedMidStream_NothingConfirmedIsLostAndConsumerRecovers()
    {
        var (portalId, folder) = await _silo.CreatePickupPortalAsync();
        await _silo.AddVideoRuleAsync(portalId);
        var ids = Enumerable.Range(0, 2000).Select(i => EventCalls.NewId($"s{i}")).ToArray();
        await using (var publisher = await PublisherAsync())
        {
            await publisher.PublishManyAsync(fixture.Queue, ids.Select(id => EventCalls.VideoEvent(id, portalId).ToJsonString()));
        }

        // Mid-stream: some emails are out, the rest still queued or in flight.
        await EventCalls.WaitForMessagesAsync(folder, 1, Timeout);
        await fixture.Broker.StopAsync();
        await fixture.Broker.StartAsync();

        var expected = ids.Select(id => EventMessageBuilder.MessageId(portalId, id, "video.published", 0)).ToHashSet();
        var arrived = await EventCalls.WaitForMessagesAsync(folder, expected.Count, Timeout);
        Assert.Equal(expected, arrived);

        // The consumer came back: a new event after the restart is processed too.
        await using var after = await PublisherAsync();
        var lateId = EventCalls.NewId("late");
        await after.PublishAsync(fixture.Queue, EventCalls.VideoEvent(lateId, portalId).ToJsonString());
        await EventCalls.WaitForEmlAsync(folder, EventMessageBuilder.MessageId(portalId, lateId, "video.published", 0));
    }

    private async Task WaitForLogAsync(string portalId, string eventId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await _silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}/events/{eventId}", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            Assert.True(clock.Elapsed < Timeout, $"Event {eventId} never reached the event log.");
            await Task.Delay(50);
        }
    }
}
