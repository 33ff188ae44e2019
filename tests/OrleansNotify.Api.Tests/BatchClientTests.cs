using System.Net;
using OrleansNotify.Api.Tests.Support;
using OrleansNotify.Client;
using OrleansNotify.Mail;
using OrleansNotify.Messages;
using OrleansNotify.Portals;

namespace OrleansNotify.Api.Tests;

/// <summary>The typed client's <see cref="NotifyClient.SubmitBatchAsync"/> against the embedded silo.</summary>
[Collection(SiloCollection.Name)]
public sealed class BatchClientTests(SiloFixture silo)
{
    private NotifyClient Admin => new(silo.CreateClient(), SiloFixture.AdminKey);

    private static MailSendRequest Mail(string to) => new()
    {
        Personalizations = [new Personalization { To = [new EmailAddress { Email = to }] }],
        From = new EmailAddress { Email = "sender@example.com" },
        Subject = "From the client, batched",
        Content = [new MailContent { Type = "text/plain", Value = "Hi" }],
    };

    private async Task<string> PickupPortalAsync()
    {
        var portalId = ApiCalls.NewPortalId("cb");
        await Admin.PutPortalAsync(portalId, new PortalConfig
        {
            Notifier = new NotifierConfig { Kind = NotifierKinds.Pickup, Folder = Path.Combine(silo.PickupRoot, portalId) },
        });
        return portalId;
    }

    [Fact]
    public async Task SubmitBatchAsync_TwoMails_ReceiptsInOrderAndBothSent()
    {
        var portalId = await PickupPortalAsync();

        var receipts = await Admin.SubmitBatchAsync(portalId, [Mail("a@example.com"), Mail("b@example.com")], idempotencyKey: "batch-once");
        var again = await Admin.SubmitBatchAsync(portalId, [Mail("a@example.com"), Mail("b@example.com")], idempotencyKey: "batch-once");

        Assert.Equal(2, receipts.Count);
        Assert.Equal(receipts, again);
        foreach (var receipt in receipts)
        {
            Assert.Equal("queued", receipt.Status);
            await silo.Admin.WaitForStatusAsync(portalId, receipt.MessageId, "sent");
        }

        var first = await Admin.GetMessageAsync(portalId, receipts[0].MessageId);
        Assert.Equal(MessageStatus.Sent, first!.Status);
    }

    [Fact]
    public async Task SubmitBatchAsync_SecondMailInvalid_ThrowsBadRequestNamingItemOne()
    {
        var portalId = await PickupPortalAsync();

        var error = await Assert.ThrowsAsync<NotifyApiException>(
            () => Admin.SubmitBatchAsync(portalId, [Mail("a@example.com"), Mail("not-an-address")]));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.All(error.Errors, e => Assert.StartsWith("[1].", e.Field, StringComparison.Ordinal));
    }
}
