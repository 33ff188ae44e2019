using System.Collections.Concurrent;
using Orleans.Streams;

namespace OrleansNotify.Streaming.PostgreSql.Tests.EndToEnd;

/// <summary>Names the end-to-end tests share with their grain.</summary>
public static class Sink
{
    public const string Provider = "pg";
    public const string Namespace = "sink";

    /// <summary>What every sink grain received, per stream key (silos run in the test process).</summary>
    public static ConcurrentDictionary<string, ConcurrentQueue<int>> Deliveries { get; } = new();

    public static IReadOnlyList<int> ReceivedBy(string key)
        => Deliveries.TryGetValue(key, out var items) ? [.. items] : [];
}

public interface ISinkGrain : IGrainWithStringKey;

/// <summary>An implicit subscriber: activated by the first item on its stream, records everything it gets.</summary>
[ImplicitStreamSubscription(Sink.Namespace)]
public sealed class SinkGrain : Grain, ISinkGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var stream = this.GetStreamProvider(Sink.Provider).GetStream<int>(StreamId.Create(Sink.Namespace, key));
        await stream.SubscribeAsync((item, _) =>
        {
            Sink.Deliveries.GetOrAdd(key, _ => new()).Enqueue(item);
            return Task.CompletedTask;
        });
    }
}
