using System.Text;
using OrleansNotify.Messages;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Tests;

/// <summary>Helpers every grain test uses: fresh portal ids, portal configs, submissions and polling.</summary>
public abstract class GrainTestBase(ClusterFixture fixture)
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    protected ClusterFixture Fixture { get; } = fixture;
    protected IGrainFactory Grains => Fixture.Grains;
    protected static TestNotifier Notifier => TestNotifier.Shared;
    protected static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    protected static string NewPortalId() => "p-" + Guid.NewGuid().ToString("N")[..12];

    protected static string NewMessageId() => Guid.NewGuid().ToString("N");

    protected static PortalConfig TestPortal(string? name = "Test portal", ThrottleSettings? throttle = null, string kind = TestNotifier.Kind) => new()
    {
        DisplayName = name,
        Notifier = new NotifierConfig { Kind = kind, ApiKey = "SG.secret-api-key" },
        Throttle = throttle ?? new ThrottleSettings(),
    };

    protected async Task<IPortalGrain> CreatePortalAsync(PortalConfig? config = null)
    {
        var portal = Grains.GetGrain<IPortalGrain>(NewPortalId());
        await portal.PutAsync(config ?? TestPortal());
        return portal;
    }

    protected async Task<string> SubmitAsync(IPortalGrain portal, string? messageId = null, DeliveryImportance? importance = null, DateTimeOffset? sendAt = null)
    {
        var message = Message(portal.GetPrimaryKeyString(), messageId, importance, sendAt);
        await Grains.GetGrain<IIntakeGrain>(0).SubmitAsync(message);
        return message.MessageId;
    }

    protected static SubmittedMessage Message(string portalId, string? messageId = null, DeliveryImportance? importance = null, DateTimeOffset? sendAt = null) => new()
    {
        MessageId = messageId ?? NewMessageId(),
        PortalId = portalId,
        Importance = importance,
        SendAt = sendAt,
        AcceptedAt = Now,
        Body = Encoding.UTF8.GetBytes("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"subject":"hi"}"""),
    };

    /// <summary>Polls until the message has the status, or fails with what it has instead.</summary>
    protected static async Task<MessageView> WaitForStatusAsync(IPortalGrain portal, string messageId, MessageStatus status)
    {
        MessageView? view = null;
        await Poll.UntilAsync(async () =>
        {
            view = await portal.GetMessageAsync(messageId);
            return view?.Status == status;
        }, Timeout, () => $"message {messageId} is {view?.Status.ToString() ?? "unknown"}, expected {status}");
        return view!;
    }
}

/// <summary>Poll-with-timeout: waits for a condition instead of sleeping a fixed time.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                Assert.Fail($"Timed out after {timeout}: {because()}");
            }

            await Task.Delay(20);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> because) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, because);
}
