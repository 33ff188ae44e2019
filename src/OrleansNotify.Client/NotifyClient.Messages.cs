using OrleansNotify.Mail;
using OrleansNotify.Messages;

namespace OrleansNotify.Client;

/// <summary>Sending and following messages (admin key or the portal's key).</summary>
public sealed partial class NotifyClient
{
    /// <summary>
    /// <c>POST /v1/portals/{id}/messages</c>: accepted means durable. The same <paramref name="idempotencyKey"/>
    /// on a retry returns the first message instead of a second one.
    /// </summary>
    public async Task<MessageReceipt> SubmitAsync(
        string portalId, MailSendRequest mail, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"v1/portals/{Uri.EscapeDataString(portalId)}/messages", Json(mail, MailJsonContext.Default.MailSendRequest));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return (await ReadAsync(request, ClientJsonContext.Default.MessageReceipt, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>SendGrid's <c>POST /v3/mail/send</c> with a portal key; returns the X-Message-Id.</summary>
    public async Task<string> MailSendAsync(MailSendRequest mail, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "v3/mail/send", Json(mail, MailJsonContext.Default.MailSendRequest));
        using var response = await SendAsync(request, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.First()
            : throw new NotifyApiException("mail/send answered without an X-Message-Id.");
    }

    /// <summary>Status, attempts and timeline of a message, or null when the portal has no such message.</summary>
    public async Task<MessageView?> GetMessageAsync(string portalId, string messageId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"v1/portals/{Uri.EscapeDataString(portalId)}/messages/{Uri.EscapeDataString(messageId)}");
        return await ReadAsync(request, ClientJsonContext.Default.MessageView, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels a message not sent yet; a message already sent is refused (<see cref="NotifyApiException"/>, 409).</summary>
    public async Task<MessageReceipt> CancelMessageAsync(string portalId, string messageId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Delete, $"v1/portals/{Uri.EscapeDataString(portalId)}/messages/{Uri.EscapeDataString(messageId)}");
        return (await ReadAsync(request, ClientJsonContext.Default.MessageReceipt, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;
    }
}
