using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansNotify.Api.Http;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Portals;
using OrleansNotify.Tracking;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Tracking;

/// <summary>
/// <c>POST /v1/webhooks/sendgrid/{portalId}</c>: SendGrid's Event Webhook. No API key (SendGrid sends
/// none): the portal's webhook public key authenticates, or the portal explicitly allows unsigned
/// posts. 200 only once every event is on its portal's stream, so SendGrid stops retrying only then.
/// </summary>
public static class WebhookApi
{
    public static async Task<Results<JsonHttpResult<WebhookReceipt>, JsonHttpResult<SendGridErrorResponse>>> Receive(
        string portalId, HttpRequest request, [FromServices] IGrainFactory grains, [FromServices] TimeProvider time,
        [FromServices] IOptions<TrackingApiOptions> options, CancellationToken cancellationToken)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var (body, readError) = await RequestBody.ReadAsync(request, options.Value.WebhookBodyLimit, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        var portal = await grains.GetGrain<IPortalGrain>(portalId).GetAsync();
        if (portal is null)
        {
            return ApiErrors.PortalNotFound(portalId);
        }

        var now = time.GetUtcNow();
        var webhook = portal.Config.Webhook;
        if (Authenticate(webhook, request, body, now) is { } refused)
        {
            return refused;
        }

        var events = WebhookParser.Parse(body, now, out var error, out var field);
        if (events is null)
        {
            return ApiErrors.BadRequest(error!, field);
        }

        var (batches, ignored) = await RouteAsync(portalId, webhook, events, grains, now);
        var intake = grains.GetGrain<IWebhookIntakeGrain>(0);
        try
        {
            await Task.WhenAll(batches.Select(intake.PublishAsync));
        }
        catch (IntakeFullException full)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(full.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, "The event queue is full; retry later.");
        }

        return TypedResults.Json(new WebhookReceipt(events.Count - ignored, ignored), TrackingJsonContext.Default.WebhookReceipt);
    }

    private static JsonHttpResult<SendGridErrorResponse>? Authenticate(WebhookSettings? webhook, HttpRequest request, byte[] body, DateTimeOffset now)
    {
        if (webhook?.PublicKey is not { } key)
        {
            return webhook?.AllowUnsigned == true ? null : ApiErrors.Forbidden(
                "This portal has no webhook public key and does not allow unsigned webhooks.");
        }

        var check = WebhookSignature.Verify(key, request.Headers[WebhookSignature.SignatureHeader], request.Headers[WebhookSignature.TimestampHeader],
            body, now, TimeSpan.FromSeconds(webhook.MaxAgeSeconds));
        return check switch
        {
            SignatureCheck.Valid => null,
            SignatureCheck.Missing => ApiErrors.Of(StatusCodes.Status401Unauthorized,
                $"{WebhookSignature.SignatureHeader} and {WebhookSignature.TimestampHeader} are required.", WebhookSignature.SignatureHeader),
            SignatureCheck.Expired => ApiErrors.Of(StatusCodes.Status403Forbidden,
                $"The signature timestamp is more than {webhook.MaxAgeSeconds} s from now: refused as a replay.", WebhookSignature.TimestampHeader),
            _ => ApiErrors.Of(StatusCodes.Status403Forbidden, "The webhook signature does not match the body.", WebhookSignature.SignatureHeader),
        };
    }

    /// <summary>
    /// Events go to the portal their notify_portal_id names (one SendGrid account may serve several
    /// portals), but only to a portal that trusts the same webhook key; others are ignored, never stored.
    /// </summary>
    private static async Task<(List<WebhookBatch> Batches, int Ignored)> RouteAsync(string portalId, WebhookSettings? webhook,
        IReadOnlyList<ParsedEvent> events, IGrainFactory grains, DateTimeOffset now)
    {
        var groups = events.GroupBy(e => e.PortalId ?? portalId, StringComparer.Ordinal);
        var batches = new List<WebhookBatch>();
        var ignored = 0;
        foreach (var group in groups)
        {
            if (!string.Equals(group.Key, portalId, StringComparison.Ordinal)
                && !await SharesKeyAsync(group.Key, webhook, grains))
            {
                ignored += group.Count();
                continue;
            }

            batches.Add(new WebhookBatch { PortalId = group.Key, Events = group.Select(e => e.Event).ToArray(), ReceivedAt = now });
        }

        return (batches, ignored);
    }

    private static async Task<bool> SharesKeyAsync(string otherPortalId, WebhookSettings? webhook, IGrainFactory grains)
    {
        if (webhook?.PublicKey is not { } key || !PortalConfigValidator.IsValidPortalId(otherPortalId))
        {
            return false; // unsigned posts never reach another portal
        }

        var other = await grains.GetGrain<IPortalGrain>(otherPortalId).GetAsync();
        return string.Equals(other?.Config.Webhook?.PublicKey, key, StringComparison.Ordinal);
    }
}

/// <summary>200 of the webhook: events accepted, and events ignored for naming a portal that does not trust this key.</summary>
public sealed record WebhookReceipt(int Accepted, int Ignored);
