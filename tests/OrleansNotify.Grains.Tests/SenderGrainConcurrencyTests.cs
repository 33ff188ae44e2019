using OrleansNotify.Notifiers;

namespace OrleansNotify.Grains.Tests;

/// <summary>
/// The sender is a stateless worker whose calls wait on the network: it must take more jobs at once than
/// it has activations (one per core), or a portal's pool of connections would idle behind two jobs.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SenderGrainConcurrencyTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    [Fact]
    public async Task SendAsync_MoreJobsThanCores_AllReachTheNotifierAtOnce()
    {
        var portals = Enumerable.Range(0, Environment.ProcessorCount + 2).Select(_ => NewPortalId()).ToArray();
        var gates = portals.Select(Notifier.Gate).ToArray();
        var sender = Grains.GetGrain<ISenderGrain>(TestNotifier.Kind);
        var sends = portals.Select(p => sender.SendAsync(new SendJob
        {
            PortalId = p,
            Portal = TestPortal(),
            Messages = [new OutboundMessage { MessageId = NewMessageId(), Body = "{}"u8.ToArray() }],
        })).ToArray();
        try
        {
            // Every job is held inside the notifier at the same time; none can finish before the gates open.
            await Poll.UntilAsync(() => portals.All(Notifier.IsHeld), Timeout,
                () => $"{portals.Count(Notifier.IsHeld)} of {portals.Length} jobs reached the notifier together");
        }
        finally
        {
            foreach (var gate in gates)
            {
                gate.TrySetResult();
            }
        }

        var outcomes = await Task.WhenAll(sends);
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, Assert.Single(o).Result));
    }
}
