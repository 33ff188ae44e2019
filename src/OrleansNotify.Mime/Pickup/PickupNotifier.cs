using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MimeKit;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Mime.Pickup;

/// <summary>
/// The development notifier (kind <c>pickup</c>): writes every email of a message as
/// <c>{folder}/{messageId}-{index}.eml</c>, one file per personalization, instead of sending it.
/// </summary>
public sealed partial class PickupNotifier(MimeMessageFactory factory, ILogger<PickupNotifier> logger) : INotifier
{
    public async Task<IReadOnlyList<SendOutcome>> SendAsync(SendJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var folder = job.Portal.Notifier?.Folder;
        var unusable = PickupFolder.Ensure(folder);
        var outcomes = new SendOutcome[job.Messages.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var message = job.Messages[i];
            outcomes[i] = unusable is null
                ? await SendOneAsync(job, folder!, message, cancellationToken).ConfigureAwait(false)
                : SendOutcome.For(message.MessageId, SendResult.Misconfigured, unusable);
        }

        return outcomes;
    }

    private async Task<SendOutcome> SendOneAsync(SendJob job, string folder, OutboundMessage outbound, CancellationToken cancellationToken)
    {
        var messageId = outbound.MessageId;
        if (messageId.Length == 0 || messageId.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || messageId.StartsWith('.'))
        {
            return SendOutcome.For(messageId, SendResult.Permanent, "The message id cannot name a file.");
        }

        IReadOnlyList<MimeEmail> emails;
        bool sandbox;
        try
        {
            var mail = JsonSerializer.Deserialize(outbound.Body, MailJsonContext.Default.MailSendRequest)
                ?? throw new JsonException("The body is JSON null.");
            var merged = mail.ApplyPortal(job.PortalId, messageId, job.Portal.Defaults);
            sandbox = merged.IsSandbox();
            emails = factory.Create(merged, messageId);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ParseException or ArgumentException)
        {
            LogUnbuildable(logger, job.PortalId, messageId, ex.GetType().Name);
            return SendOutcome.For(messageId, SendResult.Permanent, $"The message cannot be built as MIME: {ex.Message}");
        }

        try
        {
            if (sandbox)
            {
                LogSandboxed(logger, job.PortalId, messageId, emails.Count);
                return SendOutcome.For(messageId, SendResult.Sandboxed, $"Sandbox mode: {emails.Count} email(s) built, none written.");
            }

            foreach (var email in emails)
            {
                var name = PickupFolder.FileName(messageId, email.PersonalizationIndex);
                await PickupFolder.WriteAtomicAsync(folder, name, email.Message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            LogWriteFailed(logger, job.PortalId, messageId, ex.Message);
            return SendOutcome.For(messageId, SendResult.Misconfigured, $"The pickup folder is not writable: {ex.Message}");
        }
        catch (IOException ex)
        {
            LogWriteFailed(logger, job.PortalId, messageId, ex.Message);
            return SendOutcome.For(messageId, SendResult.Transient, $"Writing to the pickup folder failed: {ex.Message}");
        }
        finally
        {
            foreach (var email in emails)
            {
                email.Dispose();
            }
        }

        var first = emails.Count > 0 ? PickupFolder.FileName(messageId, emails[0].PersonalizationIndex) : null;
        LogWritten(logger, job.PortalId, messageId, emails.Count);
        return new SendOutcome
        {
            MessageId = messageId,
            Result = SendResult.Sent,
            Detail = $"Written to the pickup folder as {emails.Count} file(s).",
            ProviderMessageId = first,
        };
    }

    public Task<VerifyReport> VerifyAsync(string portalId, PortalConfig portal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portal);
        cancellationToken.ThrowIfCancellationRequested();
        var folder = portal.Notifier?.Folder;
        var watch = Stopwatch.StartNew();
        var checks = new List<VerifyCheck>(2);
        var unusable = PickupFolder.Ensure(folder);
        checks.Add(new VerifyCheck("folder", unusable is null, unusable ?? $"The folder {folder} exists.", watch.Elapsed.TotalMilliseconds));
        if (unusable is null)
        {
            watch.Restart();
            try
            {
                PickupFolder.Probe(folder!);
                checks.Add(new VerifyCheck("writable", true, "A probe file was written and removed.", watch.Elapsed.TotalMilliseconds));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                checks.Add(new VerifyCheck("writable", false, $"The folder is not writable: {ex.Message}", watch.Elapsed.TotalMilliseconds));
            }
        }

        return Task.FromResult(new VerifyReport { Checks = checks });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Portal {PortalId} message {MessageId}: {Count} email(s) written to the pickup folder")]
    private static partial void LogWritten(ILogger logger, string portalId, string messageId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal {PortalId} message {MessageId}: sandbox mode, {Count} email(s) built, none written")]
    private static partial void LogSandboxed(ILogger logger, string portalId, string messageId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal {PortalId} message {MessageId}: cannot be built as MIME ({Error})")]
    private static partial void LogUnbuildable(ILogger logger, string portalId, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal {PortalId} message {MessageId}: writing to the pickup folder failed: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string portalId, string messageId, string reason);
}
