using System.Net;
using OrleansNotify.Mail;

namespace OrleansNotify.Client;

/// <summary>
/// The API refused a request. <see cref="Errors"/> carries SendGrid's error list (message, field, help),
/// so a caller can show which field was wrong; <see cref="RetryAfter"/> is set when the service asked to
/// retry later (429, 503).
/// </summary>
public sealed class NotifyApiException : Exception
{
    public NotifyApiException() : this(HttpStatusCode.InternalServerError, []) { }

    public NotifyApiException(string message) : base(message) => Errors = [];

    public NotifyApiException(string message, Exception inner) : base(message, inner) => Errors = [];

    public NotifyApiException(HttpStatusCode statusCode, IReadOnlyList<SendGridError> errors, TimeSpan? retryAfter = null)
        : base(Describe(statusCode, errors))
    {
        StatusCode = statusCode;
        Errors = errors;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    public IReadOnlyList<SendGridError> Errors { get; }

    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode status, IReadOnlyList<SendGridError> errors) =>
        errors.Count == 0
            ? $"OrleansNotify answered {(int)status} {status}."
            : $"OrleansNotify answered {(int)status} {status}: " +
              string.Join("; ", errors.Select(e => e.Field is null ? e.Message : $"{e.Field}: {e.Message}"));
}
