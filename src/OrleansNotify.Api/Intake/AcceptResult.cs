using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Intake;

/// <summary>How accepting a message ended: its id and whether it waits for send_at, or an error reply.</summary>
public readonly record struct AcceptResult(
    string? MessageId, bool Scheduled, JsonHttpResult<SendGridErrorResponse>? Error, TimeSpan? RetryAfter = null)
{
    public static AcceptResult Failed(JsonHttpResult<SendGridErrorResponse> error, TimeSpan? retryAfter = null) =>
        new(null, false, error, retryAfter);

    public string Status => Scheduled ? "scheduled" : "queued";

    /// <summary>The error reply, with Retry-After when the queue asked the caller to come back later.</summary>
    public JsonHttpResult<SendGridErrorResponse> ErrorFor(HttpResponse response)
    {
        if (RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Error!;
    }
}
