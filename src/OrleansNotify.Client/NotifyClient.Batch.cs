using System.Net.Http.Headers;
using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.Client;

/// <summary>Submitting many messages of one portal in one request.</summary>
public sealed partial class NotifyClient
{
    /// <summary>
    /// <c>POST /v1/portals/{id}/messages/batch</c>: up to 1,000 messages, all accepted or none (a 400
    /// <see cref="NotifyApiException"/> names each bad item as <c>[i].field</c>). The receipts follow the
    /// order of <paramref name="mails"/>; the same <paramref name="idempotencyKey"/> on a retry returns the same ids.
    /// </summary>
    public async Task<IReadOnlyList<MessageReceipt>> SubmitBatchAsync(
        string portalId, IReadOnlyList<MailSendRequest> mails, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mails);
        using var request = Request(HttpMethod.Post, $"v1/portals/{Uri.EscapeDataString(portalId)}/messages/batch", BatchJson(mails));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var batch = await ReadAsync(request, ClientJsonContext.Default.MessageBatchReceipt, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return batch!.Messages;
    }

    /// <summary>A JSON array of the bodies, each written by the contracts' own SendGrid serializer.</summary>
    private static ByteArrayContent BatchJson(IReadOnlyList<MailSendRequest> mails)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var mail in mails)
            {
                JsonSerializer.Serialize(writer, mail, MailJsonContext.Default.MailSendRequest);
            }

            writer.WriteEndArray();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
