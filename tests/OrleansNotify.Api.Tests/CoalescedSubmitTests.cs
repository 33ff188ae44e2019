using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Api.Intake;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

/// <summary>Concurrent single submissions share stream batches (IntakeLanes); each stays its own message.</summary>
[Collection(SiloCollection.Name)]
public sealed class CoalescedSubmitTests(SiloFixture silo)
{
    [Fact]
    public async Task SubmitMessage_FortyConcurrent_FortyDistinctMessagesEachSentOnce()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => silo.Admin.SubmitAsync(portalId, ApiCalls.Mail($"u{i}@example.com"))));

        Assert.Equal(40, ids.Distinct().Count());
        foreach (var id in ids)
        {
            await silo.Admin.WaitForStatusAsync(portalId, id, "sent");
            Assert.Single(ApiCalls.EmlFiles(folder, id));
        }
    }

    [Fact]
    public async Task SubmitMessage_AfterConcurrentSubmissions_NoLaneIsLeftBehind()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        var intake = silo.Services.GetRequiredService<MessageIntake>();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => silo.Admin.SubmitAsync(portalId, ApiCalls.Mail($"u{i}@example.com"))));

        // The last publisher retires its lane just after answering, so poll briefly.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (intake.CoalescingLanes > 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, intake.CoalescingLanes);
    }

    [Fact]
    public async Task SubmitMessage_SameIdempotencyKeyConcurrently_OneMessageSentOnce()
    {
        var (portalId, folder) = await silo.CreatePickupPortalAsync();
        var key = Guid.NewGuid().ToString();

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => silo.Admin.SubmitAsync(portalId, ApiCalls.Mail(), key)));
        var barrier = await silo.Admin.SubmitAsync(portalId, ApiCalls.Mail());
        await silo.Admin.WaitForStatusAsync(portalId, barrier, "sent");

        var id = Assert.Single(ids.Distinct());
        await silo.Admin.WaitForStatusAsync(portalId, id, "sent");
        Assert.Single(ApiCalls.EmlFiles(folder, id));
    }
}
