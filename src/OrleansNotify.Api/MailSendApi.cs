using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansNotify.Api.Http;
using OrleansNotify.Api.Intake;
using OrleansNotify.Api.Security;
using OrleansNotify.Mail;

namespace OrleansNotify.Api;

/// <summary>
/// SendGrid's <c>POST /v3/mail/send</c>, wire-compatible: an application that calls SendGrid points its
/// SDK's base URL at us and authenticates with a portal key instead of a SendGrid key.
/// </summary>
public static class MailSendApi
{
    public const string MessageIdHeader = "X-Message-Id";

    public static IEndpointRouteBuilder MapMailSendApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v3/mail/send", MailSend).WithTags("SendGrid compatible").WithName("MailSend")
            .WithSummary("SendGrid's mail/send with a portal key: 202, an X-Message-Id header and an empty body.")
            .Accepts<MailSendRequest>("application/json")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Accepted, JsonHttpResult<SendGridErrorResponse>>> MailSend(
        HttpContext context, [FromServices] ApiKeyAuthenticator keys, [FromServices] MessageIntake intake,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        var caller = await keys.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Admin)
        {
            return ApiErrors.Forbidden("mail/send takes a portal key: the admin key belongs to no portal.");
        }

        if (caller.Kind != CallerKind.Portal)
        {
            return AccessFilters.Challenge(context);
        }

        var (body, readError) = await RequestBody.ReadAsync(context.Request, options.Value.MailBodyLimit, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        var result = await intake.AcceptAsync(caller.PortalId!, body, MessagesApi.IdempotencyKey(context.Request));
        if (result.Error is not null)
        {
            return result.ErrorFor(context.Response);
        }

        context.Response.Headers[MessageIdHeader] = result.MessageId;
        return TypedResults.Accepted((string?)null);
    }
}
