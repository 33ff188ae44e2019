using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Messages;
using OrleansNotify.Portals;
using OrleansNotify.PostgreSql.Storage;
using OrleansNotify.Storage;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.PostgreSql.Tests;

/// <summary>
/// Issue 7: two services (different Orleans ServiceIds) share one database. The same portal id and the
/// same message ids in both must never meet: rows, timelines and owner versions are per service.
/// </summary>
public sealed class PostgreSqlMessageStoreServiceTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string portal = "shared-" + Guid.NewGuid().ToString("N")[..10];
    private readonly PostgreSqlMessageStore blue = new(database.DataSource, "blue");
    private readonly PostgreSqlMessageStore green = new(database.DataSource, "green");

    [Fact]
    public async Task TwoServices_SamePortalAndMessageIds_AddAndLoadOnlyTheirOwn()
    {
        var blueOwner = await blue.AcquireAsync(portal, None);
        var greenOwner = await green.AcquireAsync(portal, None);

        Assert.Equal(["a", "b"], await blue.AddAsync(portal, blueOwner, [Message("a", "blue"), Message("b", "blue")], None));
        // The same ids are new to the other service: no conflict with blue's rows.
        Assert.Equal(["a", "c"], await green.AddAsync(portal, greenOwner, [Message("a", "green"), Message("c", "green")], None));

        var bluePending = await blue.LoadPendingAsync(portal, None);
        var greenPending = await green.LoadPendingAsync(portal, None);
        Assert.Equal(["a", "b"], bluePending.Select(m => m.MessageId));
        Assert.Equal(["a", "c"], greenPending.Select(m => m.MessageId));
        Assert.All(bluePending, m => Assert.Equal(Body("blue"), m.Body));
        Assert.All(greenPending, m => Assert.Equal(Body("green"), m.Body));
    }

    [Fact]
    public async Task TwoServices_SamePortal_HaveSeparateOwnerVersions()
    {
        var blueFirst = await blue.AcquireAsync(portal, None);
        var blueSecond = await blue.AcquireAsync(portal, None);
        var greenFirst = await green.AcquireAsync(portal, None);

        Assert.Equal(blueFirst + 1, blueSecond);
        Assert.Equal(1, greenFirst);

        // Blue's newer owner does not make green's first owner stale, nor the reverse.
        await blue.AddAsync(portal, blueSecond, [Message("a", "blue")], None);
        await green.AddAsync(portal, greenFirst, [Message("a", "green")], None);
        await green.UpdateAsync(portal, greenFirst, [Change("a", MessageStatus.Sent)], None);
        await Assert.ThrowsAsync<StaleOwnerException>(() => blue.UpdateAsync(portal, blueFirst, [Change("a", MessageStatus.Failed)], None));
    }

    [Fact]
    public async Task TwoServices_UpdateGetAndDelete_TouchOnlyTheirOwnRows()
    {
        var blueOwner = await blue.AcquireAsync(portal, None);
        var greenOwner = await green.AcquireAsync(portal, None);
        await blue.AddAsync(portal, blueOwner, [Message("a", "blue")], None);
        await green.AddAsync(portal, greenOwner, [Message("a", "green")], None);

        await green.UpdateAsync(portal, greenOwner, [Change("a", MessageStatus.Sent)], None);

        var blueView = await blue.GetAsync(portal, "a", None);
        var greenView = await green.GetAsync(portal, "a", None);
        Assert.Equal(MessageStatus.Queued, blueView!.Status);
        Assert.Equal(["accepted"], blueView.Timeline.Select(t => t.Event));
        Assert.Equal(MessageStatus.Sent, greenView!.Status);
        Assert.Equal(["accepted", "sent"], greenView.Timeline.Select(t => t.Event));

        await green.DeletePortalAsync(portal, None);

        Assert.Null(await green.GetAsync(portal, "a", None));
        Assert.Equal(MessageStatus.Queued, (await blue.GetAsync(portal, "a", None))!.Status);
        Assert.Single(await blue.LoadPendingAsync(portal, None));
    }

    [Fact]
    public async Task AddPostgreSqlMessageStore_WithServiceId_WritesRowsOfThatService()
    {
        await using var services = new ServiceCollection()
            .AddPostgreSqlMessageStore(database.ConnectionString, "via-di").BuildServiceProvider();
        var store = services.GetRequiredService<IMessageStore>();

        await store.AddAsync(portal, await store.AcquireAsync(portal, None), [Message("a", "di")], None);

        Assert.Equal(1, await database.ScalarAsync(
            $"SELECT count(*) FROM notify_messages WHERE service_id = 'via-di' AND portal_id = '{portal}'"));
        Assert.Empty(await blue.LoadPendingAsync(portal, None));
    }

    private static StoredMessage Message(string id, string body) => new()
    {
        MessageId = id,
        Importance = DeliveryImportance.Normal,
        AcceptedAt = T0,
        Body = Body(body),
    };

    private static byte[] Body(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static MessageChange Change(string id, MessageStatus status) => new()
    {
        MessageId = id,
        Status = status,
        Attempts = 1,
        Event = new TimelineEntry(T0.AddSeconds(1), status.ToString().ToLowerInvariant(), null),
    };
}
