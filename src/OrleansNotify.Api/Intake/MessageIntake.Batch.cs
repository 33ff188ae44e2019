using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using OrleansNotify.Api.Http;
using OrleansNotify.Api.Json;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Messages;

namespace OrleansNotify.Api.Intake;

/// <summary>
/// <c>POST /v1/portals/{portalId}/messages/batch</c>: a JSON array of mail/send bodies, all or nothing.
/// Each item is validated on its own and every failing item is reported as <c>[i].field</c>; one bad
/// item refuses the request, so a caller fixes and resends the same array. Accepted items cost one portal
/// lookup, one intake call and one stream batch per request instead of one of each per message.
/// </summary>
public sealed partial class MessageIntake
{
    /// <summary>Most messages in one batch request (as many as SendGrid's personalizations per call).</summary>
    public const int MaxBatchItems = 1_000;

    public async Task<BatchAcceptResult> AcceptBatchAsync(string portalId, byte[] body, string? idempotencyKey)
    {
        if (BadIdempotencyKey(idempotencyKey) is { } badKey)
        {
            return BatchAcceptResult.Failed(badKey);
        }

        var infoTask = grains.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync();
        var items = BatchBody.Split(body, MaxBatchItems, out var splitError);
        var info = await infoTask;
        if (info is null)
        {
            return BatchAcceptResult.Failed(ApiErrors.PortalNotFound(portalId));
        }

        if (items is null)
        {
            return BatchAcceptResult.Failed(splitError!);
        }

        var now = time.GetUtcNow();
        var errors = new List<SendGridError>();
        var messages = new SubmittedMessage[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var mail = BatchBody.ParseItem(items[i], i, errors);
            if (mail is null)
            {
                continue;
            }

            var itemErrors = Validate(mail, portalId, info, now);
            if (itemErrors.Count > 0)
            {
                errors.AddRange(itemErrors.Select(e => e with { Field = BatchBody.ItemField(i, e.Field) }));
                continue;
            }

            // Item i of a keyed request keeps its id on a retry; "\n" cannot occur in a header value.
            var messageId = idempotencyKey is null ? MessageIds.New(time) : MessageIds.FromIdempotencyKey(portalId, $"{idempotencyKey}\n{i}");
            messages[i] = ToMessage(portalId, messageId, mail, items[i], now);
        }

        if (errors.Count > 0)
        {
            return BatchAcceptResult.Failed(ApiErrors.Of(StatusCodes.Status400BadRequest, errors));
        }

        try
        {
            await grains.GetGrain<IIntakeGrain>(0).SubmitBatchAsync(messages);
        }
        catch (IntakeFullException e)
        {
            return new BatchAcceptResult(null, QueueFull(portalId, e));
        }

        LogAcceptedBatch(logger, portalId, messages.Length);
        return new BatchAcceptResult(
            new AcceptedBatch(Array.ConvertAll(messages, m => new AcceptedMessage(m.MessageId, m.SendAt > now ? "scheduled" : "queued"))), null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted a batch of {Count} messages for portal {PortalId}")]
    private static partial void LogAcceptedBatch(ILogger logger, string portalId, int count);
}

/// <summary>How a batch ended: every item's id and status, or the one error reply for the whole request.</summary>
public readonly record struct BatchAcceptResult(AcceptedBatch? Accepted, AcceptResult? Failure)
{
    public static BatchAcceptResult Failed(JsonHttpResult<SendGridErrorResponse> error) =>
        new(null, AcceptResult.Failed(error));
}
