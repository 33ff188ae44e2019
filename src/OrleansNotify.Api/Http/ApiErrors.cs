using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Http;

/// <summary>
/// Every error leaves in SendGrid's shape <c>{"errors":[{"message","field","help"}]}</c>; <c>help</c>, when
/// given, is a link and the explanation stays in <c>message</c>.
/// </summary>
public static class ApiErrors
{
    public static JsonHttpResult<SendGridErrorResponse> Of(int statusCode, IReadOnlyList<SendGridError> errors) =>
        TypedResults.Json(new SendGridErrorResponse { Errors = errors }, ErrorJson.Response,
            contentType: "application/json", statusCode: statusCode);

    public static JsonHttpResult<SendGridErrorResponse> Of(int statusCode, string message, string? field = null, string? help = null) =>
        Of(statusCode, [new SendGridError { Message = message, Field = field, Help = help }]);

    public static JsonHttpResult<SendGridErrorResponse> BadRequest(string message, string? field) =>
        Of(StatusCodes.Status400BadRequest, message, field);

    public static JsonHttpResult<SendGridErrorResponse> InvalidPortalId() =>
        BadRequest("portalId must be 1-64 of A-Z a-z 0-9 - _, starting with a letter or digit.", "portalId");

    public static JsonHttpResult<SendGridErrorResponse> PortalNotFound(string portalId) =>
        Of(StatusCodes.Status404NotFound, $"Portal '{portalId}' does not exist.", "portalId");

    /// <summary>SendGrid's own words for a bad key, so SDKs that match on them keep working.</summary>
    public static JsonHttpResult<SendGridErrorResponse> Unauthorized() =>
        Of(StatusCodes.Status401Unauthorized, "The provided authorization grant is invalid, expired, or revoked");

    public static JsonHttpResult<SendGridErrorResponse> Forbidden(string message) =>
        Of(StatusCodes.Status403Forbidden, message);

    public static JsonHttpResult<SendGridErrorResponse> TooLarge(long limit) =>
        Of(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");
}
