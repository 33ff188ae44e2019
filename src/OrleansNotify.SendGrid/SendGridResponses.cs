using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;

namespace OrleansNotify.SendGrid;

/// <summary>Maps SendGrid's documented replies to mail/send onto outcomes the portal grain acts on.</summary>
internal static class SendGridResponses
{
    private const int MaxDetailLength = 1000;

    public static CallResult Map(HttpStatusCode status, HttpResponseHeaders headers, string? body, bool sandbox, DateTimeOffset now, TimeSpan rateLimitFallback)
    {
        var code = (int)status;
        switch (code)
        {
            case 202:
                return new CallResult(SendResult.Sent, null, Header(headers, "X-Message-Id"));
            case 200:
                // SendGrid answers 200 only in sandbox mode: validated, nothing delivered.
                return new CallResult(sandbox ? SendResult.Sandboxed : SendResult.Sent, sandbox ? "Sandbox mode: validated by SendGrid, not delivered." : null, Header(headers, "X-Message-Id"));
            case 400:
                var errors = ParseErrors(body);
                return new CallResult(SendResult.Permanent, "SendGrid refused the message (400): " + Describe(errors, body), Errors: errors);
            case 401:
                return new CallResult(SendResult.Misconfigured, "SendGrid rejected the portal's API key (401): " + Describe(ParseErrors(body), body));
            case 403:
                return new CallResult(SendResult.Misconfigured, "The portal's API key may not send mail (403: it lacks the mail.send scope or the account is restricted): " + Describe(ParseErrors(body), body));
            case 404:
                return new CallResult(SendResult.Misconfigured, "SendGrid's mail/send endpoint was not found (404): check the portal's base URL.");
            case 413:
                return new CallResult(SendResult.Permanent, "The message is too large for SendGrid (413: over 30 MB with attachments).");
            case 429:
                var reset = RateLimitReset(headers, now) ?? now + rateLimitFallback;
                return new CallResult(SendResult.RateLimited, $"SendGrid rate limit reached (429); paused until {reset:O}.", RetryAt: reset);
            case >= 500:
                return new CallResult(SendResult.Transient, $"SendGrid answered {code}; will retry.", RetryAt: RetryAfter(headers, now));
            case 408:
                return new CallResult(SendResult.Transient, "SendGrid timed out reading the request (408); will retry.");
            case >= 400:
                return new CallResult(SendResult.Permanent, $"SendGrid refused the request ({code}): " + Describe(ParseErrors(body), body));
            default:
                return new CallResult(SendResult.Transient, $"Unexpected reply {code} from SendGrid; will retry.");
        }
    }

    /// <summary>SendGrid's <c>X-RateLimit-Reset</c>: Unix seconds. A reset already past still waits a second.</summary>
    public static DateTimeOffset? RateLimitReset(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (!long.TryParse(Header(headers, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var reset = DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799));
        return reset > now ? reset : now.AddSeconds(1);
    }

    public static IReadOnlyList<SendGridError> ParseErrors(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(body, MailJsonContext.Default.SendGridErrorResponse)?.Errors ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>"field: message; field: message", bounded, for the message's timeline.</summary>
    public static string Describe(IReadOnlyList<SendGridError> errors, string? body)
    {
        var text = errors.Count > 0
            ? string.Join("; ", errors.Select(e => string.IsNullOrEmpty(e.Field) ? e.Message : $"{e.Field}: {e.Message}"))
            : string.IsNullOrWhiteSpace(body) ? "no details given" : body.Trim();
        return text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";
    }

    private static DateTimeOffset? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => now + delta,
        { Date: { } date } => date,
        _ => null,
    };

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
