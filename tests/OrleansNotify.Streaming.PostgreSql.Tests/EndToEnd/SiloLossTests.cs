using Xunit.Abstractions;

namespace OrleansNotify.Streaming.PostgreSql.Tests.EndToEnd;

/// <summary>Silos leave mid-stream (gracefully, or killed): nothing accepted is lost.</summary>
public sealed class SiloLossTests(StreamsCluster fixture, ITestOutputHelper output) : IClassFixture<StreamsCluster>
{
    private const int PerStream = 400;

    [Fact]
    public Task OnNextAsync_SiloRestartedMidStream_LosesNothingAccepted()
        => RunWithSiloLossAsync(silo => fixture.Cluster.RestartSiloAsync(silo));

    [Fact]
    public Task OnNextAsync_SiloKilledMidStream_LosesNothingAccepted()
        => RunWithSiloLossAsync(async silo =>
        {
            await fixture.Cluster.KillSiloAsync(silo);
            await fixture.Cluster.StartAdditionalSiloAsync();
        });

    private async Task RunWithSiloLossAsync(Func<Orleans.TestingHost.SiloHandle, Task> loseSilo)
    {
        var keys = Publisher.Keys(4);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishing = Task.WhenAll(keys.Select((k, n) => Task.Run(() => Publisher.PublishAsync(fixture.Cluster.Client, k, PerStream,
            i => { if (n == 0 && i == PerStream / 3) { halfway.TrySetResult(); } }))));

        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var started = TimeProvider.System.GetTimestamp();
        await loseSilo(fixture.Cluster.SecondarySilos[0]);
        await publishing;

        await Poll.UntilAsync(() => keys.All(k => Sink.ReceivedBy(k).Distinct().Count() == PerStream), TimeSpan.FromSeconds(90), "every accepted item");
        await Poll.UntilAsync(async () => await fixture.QueuedRowsAsync() == 0, TimeSpan.FromSeconds(30), "delivered rows to be deleted");

        var duplicates = keys.Sum(k => Sink.ReceivedBy(k).Count - PerStream);
        output.WriteLine($"all {keys.Length * PerStream} items delivered {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s after the silo loss; {duplicates} duplicates");
        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(0, PerStream), Sink.ReceivedBy(key).Distinct().Order());
        }
    }
}
