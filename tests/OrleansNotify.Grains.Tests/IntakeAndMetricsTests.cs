using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Providers;
using Orleans.Runtime;
using OrleansNotify.Grains.Intake;
using OrleansNotify.Grains.Metrics;
using OrleansNotify.Messages;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class IntakeAndMetricsTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    [Fact]
    public async Task IsQueueFull_RealMemoryStreamQueueOverflow_IsRecognised()
    {
        // A queue grain of its own (no pulling agent drains it): fill it to Orleans' limit of 16,384.
        var queue = Grains.GetGrain<IMemoryStreamQueueGrain>(Guid.NewGuid());
        var data = new MemoryMessageData { StreamId = StreamId.Create("test", "full"), Payload = new ArraySegment<byte>([1]) };
        for (var chunk = 0; chunk < 16; chunk++)
        {
            await Task.WhenAll(Enumerable.Range(0, 1024).Select(_ => queue.Enqueue(data)));
        }

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => queue.Enqueue(data));

        Assert.True(QueueFullBackoff.IsQueueFull(refused), $"not recognised as full: {refused.GetType()}: {refused.Message}");
        Assert.False(QueueFullBackoff.IsQueueFull(new InvalidOperationException("something else")));
    }

    [Fact]
    public async Task Meter_SendAndQueue_CountsAndDepthTaggedWithPortal()
    {
        var portal = await CreatePortalAsync();
        var portalId = portal.GetPrimaryKeyString();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NotifyMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        var held = await SubmitAsync(portal, sendAt: Now.AddHours(1));
        var sent = await SubmitAsync(portal);
        await WaitForStatusAsync(portal, sent, MessageStatus.Sent);
        await WaitForStatusAsync(portal, held, MessageStatus.Scheduled);
        listener.RecordObservableInstruments();

        Assert.Equal(2, totals.GetValueOrDefault("notify.messages.queued"));
        Assert.Equal(1, totals.GetValueOrDefault("notify.messages.sent"));
        Assert.Equal(1, totals.GetValueOrDefault("notify.queue.depth")); // the held message still waits

        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "portal.id" && Equals(tag.Value, portalId))
                {
                    totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                }
            }
        }
    }
}
