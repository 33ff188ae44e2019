using System.Net;
using OrleansNotify.Api.Tests.Support;
using OrleansNotify.Client;
using OrleansNotify.Mail;
using OrleansNotify.Messages;
using OrleansNotify.Portals;

namespace OrleansNotify.Api.Tests;

/// <summary>The typed .NET client (OrleansNotify.Client) against the embedded silo over real HTTP.</summary>
[Collection(SiloCollection.Name)]
public sealed class ClientTests(SiloFixture silo)
{
    private NotifyClient Admin => new(silo.CreateClient(), SiloFixture.AdminKey);

    private PortalConfig Pickup(string portalId, string? apiKey = null) => new()
    {
        DisplayName = "Client test",
        Notifier = new NotifierConfig { Kind = NotifierKinds.Pickup, Folder = Path.Combine(silo.PickupRoot, portalId), ApiKey = apiKey },
        Defaults = new PortalDefaults { From = new EmailAddress { Email = "noreply@example.com" } },
    };

    private static MailSendRequest Mail(string to = "to@example.com", long? sendAt = null) => new()
    {
        Personalizations = [new Personalization { To = [new EmailAddress { Email = to }] }],
        From = new EmailAddress { Email = "sender@example.com" },
        Subject = "From the client",
        Content = [new MailContent { Type = "text/plain", Value = "Hi" }],
        SendAt = sendAt,
    };

    [Fact]
    public async Task PortalLifecycle_PutGetListDelete_RoundTripsWithSecretsMasked()
    {
        var portalId = ApiCalls.NewPortalId("c");

        var created = await Admin.PutPortalAsync(portalId, Pickup(portalId, apiKey: "not-really-a-secret"));
        var read = await Admin.GetPortalAsync(portalId);
        var listed = await Admin.ListPortalsAsync();

        Assert.Equal(portalId, created.PortalId);
        Assert.Equal(PortalMasking.Mask, read!.Config.Notifier!.ApiKey);
        Assert.Contains(listed, p => p.PortalId == portalId);
        Assert.NotNull(await Admin.GetPortalStatusAsync(portalId));
        Assert.True(await Admin.DeletePortalAsync(portalId));
        Assert.False(await Admin.DeletePortalAsync(portalId));
        Assert.Null(await Admin.GetPortalAsync(portalId));
    }

    [Fact]
    public async Task SubmitAsync_PickupPortal_ReachesSentAndIdempotencyKeyRepeatsTheMessage()
    {
        var portalId = ApiCalls.NewPortalId("c");
        await Admin.PutPortalAsync(portalId, Pickup(portalId));

        var first = await Admin.SubmitAsync(portalId, Mail(), idempotencyKey: "once");
        var again = await Admin.SubmitAsync(portalId, Mail(), idempotencyKey: "once");

        Assert.Equal("queued", first.Status);
        Assert.Equal(first.MessageId, again.MessageId);
        var view = await WaitForAsync(portalId, first.MessageId, MessageStatus.Sent);
        Assert.Equal(portalId, view.PortalId);
        Assert.Null(await Admin.GetMessageAsync(portalId, "no-such-message"));
    }

    [Fact]
    public async Task MailSendAsync_PortalKey_ReturnsMessageIdThatIsSent()
    {
        var portalId = ApiCalls.NewPortalId("c");
        await Admin.PutPortalAsync(portalId, Pickup(portalId));
        var key = await Admin.CreateKeyAsync(portalId);
        var portal = new NotifyClient(silo.CreateClient(), key.Key);

        var messageId = await portal.MailSendAsync(Mail());

        Assert.False(string.IsNullOrEmpty(messageId));
        await WaitForAsync(portalId, messageId, MessageStatus.Sent);
    }

    [Fact]
    public async Task CancelMessageAsync_ScheduledMessage_IsCancelledAndSecondCancelIsConflict()
    {
        var portalId = ApiCalls.NewPortalId("c");
        await Admin.PutPortalAsync(portalId, Pickup(portalId));
        var inAnHour = TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
        var receipt = await Admin.SubmitAsync(portalId, Mail(sendAt: inAnHour));
        await WaitForAsync(portalId, receipt.MessageId, MessageStatus.Scheduled); // it reaches its portal through the stream

        var cancelled = await Admin.CancelMessageAsync(portalId, receipt.MessageId);
        var error = await Assert.ThrowsAsync<NotifyApiException>(() => Admin.CancelMessageAsync(portalId, receipt.MessageId));

        Assert.Equal("scheduled", receipt.Status);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Fact]
    public async Task SubmitAsync_InvalidMail_ThrowsWithSendGridErrorsNamingTheField()
    {
        var portalId = ApiCalls.NewPortalId("c");
        await Admin.PutPortalAsync(portalId, Pickup(portalId));

        var error = await Assert.ThrowsAsync<NotifyApiException>(() => Admin.SubmitAsync(portalId, Mail(to: "not-an-address")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(error.Errors, e => e.Field is not null && e.Field.Contains("personalizations", StringComparison.Ordinal));
        Assert.Contains("personalizations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutPortalAsync_WrongAdminKey_ThrowsUnauthorized()
    {
        var stranger = new NotifyClient(silo.CreateClient(), "not-the-admin-key");

        var error = await Assert.ThrowsAsync<NotifyApiException>(() => stranger.ListPortalsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task VerifyPortalAsync_PickupPortal_PassesAndReadinessIsReady()
    {
        var portalId = ApiCalls.NewPortalId("c");
        await Admin.PutPortalAsync(portalId, Pickup(portalId));

        var report = await Admin.VerifyPortalAsync(portalId);
        var health = await Admin.GetReadinessAsync();

        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => c.ToString())));
        Assert.Equal("ready", health.Status);
    }

    private async Task<MessageView> WaitForAsync(string portalId, string messageId, MessageStatus status)
    {
        using var timeout = new CancellationTokenSource(ApiCalls.StatusTimeout);
        MessageView? last = null;
        while (!timeout.IsCancellationRequested)
        {
            last = await Admin.GetMessageAsync(portalId, messageId, CancellationToken.None);
            if (last?.Status == status)
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"Message {messageId} did not reach {status}; last: {last?.Status}");
        return null!;
    }
}
