using Microsoft.Extensions.Logging;
using MimeKit;
using OrleansNotify.Mime;
using OrleansNotify.Notifiers;
using OrleansNotify.Smtp.Connections;
using OrleansNotify.Smtp.Outcomes;

namespace OrleansNotify.Smtp;

public sealed partial class SmtpNotifier
{
    /// <summary>How one email of a message went.</summary>
    private readonly record struct Delivery(bool Delivered, string? QueueId, IReadOnlyList<RecipientFailure> Refused, SmtpFailure Failure);

    /// <summary>
    /// Sends every email (one per personalization). A permanent failure of a later email only records
    /// its recipients as refused; a transient one fails the message so it is retried, which may repeat
    /// the emails already sent (at-least-once, bounded to this message).
    /// </summary>
    private async Task<SendOutcome> DeliverAllAsync(string portalId, string messageId, IReadOnlyList<MimeEmail> emails, SmtpClientPool pool, CancellationToken cancellationToken)
    {
        // Lists only when needed: nearly every message is one email, sent with nobody refused.
        List<RecipientFailure>? refused = null;
        string? queueIds = null;
        var delivered = 0;
        foreach (var email in emails)
        {
            var result = await DeliverAsync(portalId, email, pool, cancellationToken).ConfigureAwait(false);
            if (result.Refused.Count > 0)
            {
                (refused ??= []).AddRange(result.Refused);
            }

            if (result.Delivered)
            {
                delivered++;
                if (result.QueueId is not null)
                {
                    queueIds = queueIds is null ? result.QueueId : queueIds + "," + result.QueueId;
                }

                continue;
            }

            if (delivered > 0 && result.Failure.Result == SendResult.Permanent)
            {
                refused ??= [];
                foreach (var recipient in email.Recipients)
                {
                    if (!refused.Exists(f => f.Email == recipient.Address))
                    {
                        refused.Add(new RecipientFailure(recipient.Address, result.Failure.Detail, Permanent: true));
                    }
                }

                continue;
            }

            return new SendOutcome
            {
                MessageId = messageId,
                Result = result.Failure.Result,
                Detail = delivered > 0 ? $"{delivered} of {emails.Count} emails sent, then: {result.Failure.Detail}" : result.Failure.Detail,
                RetryAt = result.Failure.Wait is { } wait ? time.GetUtcNow() + wait : null,
                RefusedRecipients = refused,
            };
        }

        return new SendOutcome
        {
            MessageId = messageId,
            Result = SendResult.Sent,
            ProviderMessageId = queueIds,
            Detail = refused is not null ? $"{refused.Count} recipient(s) refused" : null,
            RefusedRecipients = refused,
        };
    }

    /// <summary>One email over a pooled connection; a lost connection is replaced and the email tried once more.</summary>
    private async Task<Delivery> DeliverAsync(string portalId, MimeEmail email, SmtpClientPool pool, CancellationToken cancellationToken)
    {
        var sender = email.Message.Sender ?? FirstMailbox(email.Message.From);
        if (sender is null || email.Recipients.Count == 0)
        {
            return new(false, null, [], new(SendResult.Permanent, "the email has no sender or no recipients", false, false, null));
        }

        for (var attempt = 1; ; attempt++)
        {
            SmtpFailure failure;
            IReadOnlyList<RecipientFailure> refused = [];
            PooledSmtpClient client;
            try
            {
                client = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = SmtpOutcomes.Classify(ex);
                LogConnectFailed(logger, portalId, pool.Endpoint.ToString(), failure.Detail);
                if (failure.ConnectionLost && attempt == 1)
                {
                    continue;
                }

                return new(false, null, refused, failure);
            }

            var broken = true;
            try
            {
                client.ClearRefused();
                var reply = await client.SendAsync(email.Message, sender, email.Recipients, cancellationToken).ConfigureAwait(false);
                client.MessagesSent++;
                broken = false;
                return new(true, SmtpReplies.QueueId(reply), client.Refused.Count == 0 ? [] : [.. client.Refused], default);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                refused = [.. client.Refused];
                failure = refused.Count > 0 && refused.Count == email.Recipients.Count ? AllRefused(refused) : SmtpOutcomes.Classify(ex);
                broken = failure.ConnectionBroken;
                LogSendFailed(logger, portalId, pool.Endpoint.ToString(), failure.Detail);
            }
            finally
            {
                pool.Return(client, broken);
            }

            // 421 with a named wait is the server asking for time, not a lost connection to retry now.
            if (failure.ConnectionLost && failure.Wait is null && attempt == 1)
            {
                continue;
            }

            return new(false, null, refused, failure);
        }
    }

    /// <summary>The first mailbox of a From list, without LINQ's enumerator.</summary>
    private static MailboxAddress? FirstMailbox(InternetAddressList from)
    {
        for (var i = 0; i < from.Count; i++)
        {
            if (from[i] is MailboxAddress mailbox)
            {
                return mailbox;
            }
        }

        return null;
    }

    /// <summary>Every recipient refused: permanent only if every refusal was.</summary>
    private static SmtpFailure AllRefused(IReadOnlyList<RecipientFailure> refused)
    {
        var permanent = refused.All(r => r.Permanent);
        var detail = "every recipient refused: " + refused[0].Reason;
        var wait = refused.Select(r => SmtpReplies.RequestedWait(r.Reason)).FirstOrDefault(w => w is not null);
        return new(permanent ? SendResult.Permanent : SendResult.Transient, detail, false, false, wait);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal {PortalId}: cannot connect to {Endpoint}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string portalId, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal {PortalId}: send via {Endpoint} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string portalId, string endpoint, string reason);
}
