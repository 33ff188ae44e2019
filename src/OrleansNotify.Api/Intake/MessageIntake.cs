using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansNotify.Api.Http;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Messages;
using OrleansNotify.Portals;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Intake;

/// <summary>
/// The accept path shared by <c>POST /v1/portals/{portalId}/messages</c> and <c>POST /v3/mail/send</c>:
/// parse once, ask the portal what validation needs, validate, hand the caller's own bytes to the
/// intake grain. Nothing is stored or queued unless every check passed. The portal's notifier kind may
/// add rules (<see cref="INotifierMessageRules"/>, keyed by kind); a host without them (a front end that
/// registers no notifiers) applies the common rules only.
/// </summary>
public sealed partial class MessageIntake(
    IGrainFactory grains, TimeProvider time, IServiceProvider services, IOptions<NotifyApiOptions> options, ILogger<MessageIntake> logger)
{
    private readonly IntakeLanes? _lanes = options.Value.CoalesceSubmissions ? new IntakeLanes(grains) : null;

    /// <summary>Portals with submissions being coalesced right now (0 when idle).</summary>
    public int CoalescingLanes => _lanes?.LaneCount ?? 0;

    /// <summary>Longest Idempotency-Key we take (Stripe and others use 255).</summary>
    public const int MaxIdempotencyKeyLength = 255;

    public async Task<AcceptResult> AcceptAsync(string portalId, byte[] body, string? idempotencyKey)
    {
        if (BadIdempotencyKey(idempotencyKey) is { } badKey)
        {
            return AcceptResult.Failed(badKey);
        }

        // The portal lookup runs while the body is parsed.
        var infoTask = grains.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync();
        var mail = JsonBody.Parse(body, MailJsonContext.Default.MailSendRequest, out var parseError);
        var info = await infoTask;
        if (info is null)
        {
            return AcceptResult.Failed(ApiErrors.PortalNotFound(portalId));
        }

        if (mail is null)
        {
            return AcceptResult.Failed(parseError!);
        }

        var now = time.GetUtcNow();
        var errors = Validate(mail, portalId, info, now);
        if (errors.Count > 0)
        {
            return AcceptResult.Failed(ApiErrors.Of(StatusCodes.Status400BadRequest, errors));
        }

        var messageId = idempotencyKey is null ? MessageIds.New(time) : MessageIds.FromIdempotencyKey(portalId, idempotencyKey);
        var message = ToMessage(portalId, messageId, mail, body, now);
        try
        {
            await (_lanes?.SubmitAsync(message) ?? grains.GetGrain<IIntakeGrain>(0).SubmitAsync(message));
        }
        catch (IntakeFullException e)
        {
            return QueueFull(portalId, e);
        }

        LogAccepted(logger, portalId, messageId);
        return new AcceptResult(messageId, message.SendAt > now, null);
    }

    /// <summary>A 400 for an Idempotency-Key that is empty or too long, else null (no key is fine).</summary>
    private static JsonHttpResult<SendGridErrorResponse>? BadIdempotencyKey(string? idempotencyKey) =>
        idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength }
            ? ApiErrors.BadRequest($"Idempotency-Key must be 1-{MaxIdempotencyKeyLength} characters.", "Idempotency-Key")
            : null;

    /// <summary>503 with Retry-After: the stream's queue is full, nothing was accepted.</summary>
    private AcceptResult QueueFull(string portalId, IntakeFullException e)
    {
        LogQueueFull(logger, portalId);
        return AcceptResult.Failed(
            ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, "The message queue is full; retry later."),
            e.RetryAfter > TimeSpan.Zero ? e.RetryAfter : TimeSpan.FromSeconds(1));
    }

    /// <summary>The common rules, then the notifier kind's own (only when the common ones passed).</summary>
    private IReadOnlyList<SendGridError> Validate(MailSendRequest mail, string portalId, PortalSubmitInfo info, DateTimeOffset now)
    {
        var errors = MailValidator.Validate(mail, new MailValidationContext { Now = now, HasDefaultFrom = info.HasDefaultFrom });
        if (errors.Count == 0 && services.GetKeyedService<INotifierMessageRules>(info.NotifierKind) is { } rules)
        {
            errors = rules.Validate(mail, portalId);
        }

        return errors;
    }

    /// <summary>What crosses the stream: the caller's own bytes plus what the portal needs to queue them.</summary>
    private static SubmittedMessage ToMessage(string portalId, string messageId, MailSendRequest mail, byte[] body, DateTimeOffset now) => new()
    {
        MessageId = messageId,
        PortalId = portalId,
        Importance = ImportanceHeaders.Read(mail.Headers),
        SendAt = SendAt(mail),
        AcceptedAt = now,
        Body = body,
        Recipients = Recipients(mail),
    };

    /// <summary>The message's send_at, else the latest of its personalizations' (nothing leaves before its time).</summary>
    private static DateTimeOffset? SendAt(MailSendRequest mail)
    {
        var seconds = mail.SendAt;
        if (seconds is null && mail.Personalizations is { } personalizations)
        {
            foreach (var p in personalizations)
            {
                if (p.SendAt > (seconds ?? long.MinValue))
                {
                    seconds = p.SendAt;
                }
            }
        }

        return seconds is long s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
    }

    private static int Recipients(MailSendRequest mail)
    {
        var count = 0;
        foreach (var p in mail.Personalizations ?? [])
        {
            count += (p.To?.Count ?? 0) + (p.Cc?.Count ?? 0) + (p.Bcc?.Count ?? 0);
        }

        return Math.Max(count, 1);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted message {MessageId} for portal {PortalId}")]
    private static partial void LogAccepted(ILogger logger, string portalId, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue full: refused a message for portal {PortalId} with 503")]
    private static partial void LogQueueFull(ILogger logger, string portalId);
}
