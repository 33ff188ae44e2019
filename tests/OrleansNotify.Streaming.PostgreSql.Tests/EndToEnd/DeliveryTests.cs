namespace OrleansNotify.Streaming.PostgreSql.Tests.EndToEnd;

/// <summary>Orleans end to end: client publishes, implicit subscribers on two silos receive.</summary>
public sealed class DeliveryTests(StreamsCluster fixture) : IClassFixture<StreamsCluster>
{
    [Fact]
    public async Task OnNextAsync_ManyStreams_EachItemDeliveredExactlyOnceInOrder()
    {
        const int perStream = 300;
        var keys = Publisher.Keys(8);

        await Task.WhenAll(keys.Select(k => Task.Run(() => Publisher.PublishAsync(fixture.Cluster.Client, k, perStream))));

        await Poll.UntilAsync(() => keys.All(k => Sink.ReceivedBy(k).Count >= perStream), TimeSpan.FromSeconds(60), "every item to arrive");
        // Once the rows are deleted nothing can be redelivered: the counts below are final.
        await Poll.UntilAsync(async () => await fixture.QueuedRowsAsync() == 0, TimeSpan.FromSeconds(30), "delivered rows to be deleted");

        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(0, perStream), Sink.ReceivedBy(key));
        }
    }
}
