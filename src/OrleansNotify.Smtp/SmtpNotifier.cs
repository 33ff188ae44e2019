using System.Text.Json;
using Microsoft.Extensions.Logging;
using MimeKit;
using OrleansNotify.Mail;
using OrleansNotify.Mime;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp.Connections;
using OrleansNotify.Smtp.SendGrid;

namespace OrleansNotify.Smtp;

/// <summary>
/// The <c>smtp</c> and <c>sendgrid-smtp</c> notifiers: merge the portal's defaults, build the MIME
/// emails, add X-SMTPAPI for SendGrid's relay, and deliver over the portal's pooled connections.
/// </summary>
public sealed partial class SmtpNotifier(
    string kind,
    SmtpPools pools,
    SmtpConnector connector,
    MimeEmailBuilder build,
    SmtpNotifierOptions options,
    TimeProvider time,
    ILogger<SmtpNotifier> logger) : INotifier
{
    /// <summary>SendGrid's relay takes at most 20 MB per message; other relays say so with SIZE.</summary>
    public const long SendGridMaxBytes = 20L * 1024 * 1024;

    public string Kind => kind;

    private bool IsSendGrid => kind == NotifierKinds.SendGridSmtp;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(SendJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var endpoint = SmtpEndpoint.FromPortal(job.Portal, options.DefaultPoolSize);
        var pool = pools.For(endpoint);
        if (job.Messages.Count == 1)
        {
            return [await SendMessageAsync(job, job.Messages[0], pool, cancellationToken).ConfigureAwait(false)];
        }

        // The pool's slots bound the concurrency; every message waits for a connection of its own.
        var sends = job.Messages.Select(m => SendMessageAsync(job, m, pool, cancellationToken));
        return await Task.WhenAll(sends).ConfigureAwait(false);
    }

    private async Task<SendOutcome> SendMessageAsync(SendJob job, OutboundMessage message, SmtpClientPool pool, CancellationToken cancellationToken)
    {
        IReadOnlyList<MimeEmail> emails;
        MailSendRequest merged;
        try
        {
            (merged, emails) = Prepare(job, message);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException or ParseException)
        {
            LogUnbuildable(logger, job.PortalId, message.MessageId, ex.Message);
            return SendOutcome.For(message.MessageId, SendResult.Permanent, "cannot build the email: " + ex.Message);
        }

        try
        {
            if (merged.IsSandbox())
            {
                return Sandbox(message.MessageId, emails, cancellationToken);
            }

            return await DeliverAllAsync(job.PortalId, message.MessageId, emails, pool, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // MimeKit's messages and parts have finalizers: disposed here, the GC need not run them.
            foreach (var email in emails)
            {
                email.Dispose();
            }
        }
    }

    /// <summary>Parses, merges the portal's defaults, builds one email per personalization, adds X-SMTPAPI.</summary>
    private (MailSendRequest Merged, IReadOnlyList<MimeEmail> Emails) Prepare(SendJob job, OutboundMessage message)
    {
        var mail = JsonSerializer.Deserialize(message.Body, MailJsonContext.Default.MailSendRequest)
            ?? throw new FormatException("the body is empty");
        if (IsSendGrid && SmtpApiHeader.Validate(mail, job.PortalId) is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }

        var merged = mail.ApplyPortal(job.PortalId, message.MessageId, job.Portal.Defaults);
        var emails = build(merged, message.MessageId);
        if (IsSendGrid)
        {
            foreach (var email in emails)
            {
                var folded = SmtpApiHeader.Fold(SmtpApiHeader.Json(merged, email.PersonalizationIndex));
                var header = new Header(SmtpApiHeader.Name, "{}");
                // Raw value: our folding, untouched by MimeKit's own header formatting.
                header.SetRawValue(System.Text.Encoding.ASCII.GetBytes(" " + folded + "\r\n"));
                email.Message.Headers.Remove(SmtpApiHeader.Name);
                email.Message.Headers.Add(header);
            }
        }

        return (merged, emails);
    }

    /// <summary>Sandbox mode: the emails are rendered and checked, nothing leaves.</summary>
    private SendOutcome Sandbox(string messageId, IReadOnlyList<MimeEmail> emails, CancellationToken cancellationToken)
    {
        long largest = 0;
        foreach (var email in emails)
        {
            using var measure = new MimeKit.IO.MeasuringStream();
            email.Message.WriteTo(FormatOptions.Default, measure, cancellationToken);
            largest = Math.Max(largest, measure.Length);
        }

        if (IsSendGrid && largest > SendGridMaxBytes)
        {
            return SendOutcome.For(messageId, SendResult.Permanent, $"an email is {largest:N0} bytes; SendGrid's relay accepts at most {SendGridMaxBytes:N0}");
        }

        return SendOutcome.For(messageId, SendResult.Sandboxed, $"sandbox mode: {emails.Count} email(s) rendered, largest {largest:N0} bytes, nothing sent");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal {PortalId}: message {MessageId} cannot be built: {Reason}")]
    private static partial void LogUnbuildable(ILogger logger, string portalId, string messageId, string reason);
}
