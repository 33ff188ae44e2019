using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansNotify.Api.Http;
using OrleansNotify.Api.Intake;
using OrleansNotify.Api.Json;
using OrleansNotify.Api.Security;
using OrleansNotify.Api.Tracking;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Messages;
using OrleansNotify.Validation;

namespace OrleansNotify.Api;

/// <summary>A portal's messages: submit, read status, cancel. The admin key or that portal's own key.</summary>
public static class MessagesApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/v1/portals/{portalId}/messages").WithTags("Messages").RequirePortalAccess()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        messages.MapPost("/", SubmitMessage).WithName("SubmitMessage")
            .WithSummary("Accepts a SendGrid mail/send body for the portal; Idempotency-Key makes retries safe.")
            .Accepts<MailSendRequest>("application/json");
        messages.MapPost("/batch", SubmitBatch).WithName("SubmitMessageBatch")
            .WithSummary("Accepts a JSON array of up to 1,000 mail/send bodies, all or nothing; errors name the item as [i].field.")
            .Accepts<MailSendRequest[]>("application/json");
        messages.MapGet("/{messageId}", GetMessage).WithName("GetMessage")
            .WithSummary("Reads a message's status, attempts, last error, provider id and timeline.");
        messages.MapDelete("/{messageId}", CancelMessage).WithName("CancelMessage")
            .WithSummary("Cancels a message that has not been sent yet (409 when it is too late).");
        return app;
    }

    public static async Task<Results<Accepted<AcceptedMessage>, JsonHttpResult<SendGridErrorResponse>>> SubmitMessage(
        string portalId, HttpRequest request, [FromServices] MessageIntake intake,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        var (body, readError) = await ReadSubmissionAsync(portalId, request, options.Value, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        var result = await intake.AcceptAsync(portalId, body, IdempotencyKey(request));
        if (result.Error is not null)
        {
            return result.ErrorFor(request.HttpContext.Response);
        }

        return TypedResults.Accepted(
            $"/v1/portals/{portalId}/messages/{result.MessageId}", new AcceptedMessage(result.MessageId!, result.Status));
    }

    public static async Task<Results<Accepted<AcceptedBatch>, JsonHttpResult<SendGridErrorResponse>>> SubmitBatch(
        string portalId, HttpRequest request, [FromServices] MessageIntake intake,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        var (body, readError) = await ReadSubmissionAsync(portalId, request, options.Value, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        var result = await intake.AcceptBatchAsync(portalId, body, IdempotencyKey(request));
        return result.Accepted is { } accepted
            ? TypedResults.Accepted((string?)null, accepted)
            : result.Failure!.Value.ErrorFor(request.HttpContext.Response);
    }

    public static async Task<Results<Ok<MessageView>, JsonHttpResult<SendGridErrorResponse>>> GetMessage(
        string portalId, string messageId, [FromServices] IGrainFactory grains)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var view = await grains.GetGrain<IPortalGrain>(portalId).GetMessageAsync(messageId);
        return view is null ? MessageNotFound(messageId) : TypedResults.Ok(await MessageTimeline.MergeAsync(grains, view));
    }

    public static async Task<Results<Ok<CancelledMessage>, JsonHttpResult<SendGridErrorResponse>>> CancelMessage(
        string portalId, string messageId, [FromServices] IGrainFactory grains)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        return await grains.GetGrain<IPortalGrain>(portalId).CancelMessageAsync(messageId) switch
        {
            CancelResult.Cancelled => TypedResults.Ok(new CancelledMessage(messageId, "cancelled")),
            CancelResult.TooLate => ApiErrors.Of(StatusCodes.Status409Conflict,
                "The message is already being sent or has finished; it can no longer be cancelled.", "messageId"),
            _ => MessageNotFound(messageId),
        };
    }

    /// <summary>A submission's body, once the portal id is well-formed and the body within the mail limit.</summary>
    private static async Task<(byte[]? Body, JsonHttpResult<SendGridErrorResponse>? Error)> ReadSubmissionAsync(
        string portalId, HttpRequest request, NotifyApiOptions options, CancellationToken cancellationToken) =>
        PortalConfigValidator.IsValidPortalId(portalId)
            ? await RequestBody.ReadAsync(request, options.MailBodyLimit, cancellationToken)
            : (null, ApiErrors.InvalidPortalId());

    internal static string? IdempotencyKey(HttpRequest request) =>
        request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) ? values.ToString() : null;

    private static JsonHttpResult<SendGridErrorResponse> MessageNotFound(string messageId) =>
        ApiErrors.Of(StatusCodes.Status404NotFound, $"Message '{messageId}' does not exist in this portal.", "messageId");
}
