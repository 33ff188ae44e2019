using Orleans.Streams;

namespace OrleansNotify.Streaming.PostgreSql.Tests.EndToEnd;

internal static class Publisher
{
    /// <summary>Publishes 0..count-1 on the stream, each awaited (accepted = committed) before the next.</summary>
    public static async Task PublishAsync(IClusterClient client, string key, int count, Action<int>? afterEach = null)
    {
        var stream = client.GetStreamProvider(Sink.Provider).GetStream<int>(StreamId.Create(Sink.Namespace, key));
        for (var i = 0; i < count; i++)
        {
            await stream.OnNextAsync(i);
            afterEach?.Invoke(i);
        }
    }

    public static string[] Keys(int count) => Enumerable.Range(0, count).Select(i => $"{Guid.NewGuid():N}-{i}").ToArray();
}
