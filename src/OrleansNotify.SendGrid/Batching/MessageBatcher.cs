using System.Security.Cryptography;
using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;

namespace OrleansNotify.SendGrid.Batching;

/// <summary>
/// Turns a job into API calls. Messages whose merged bodies are equal once their personalizations are
/// left out (same from, subject, content or template, attachments, headers, settings, categories,
/// send_at, …) share calls of at most 1,000 personalizations and 1,000 recipients; SendGrid sends each
/// personalization as its own email, so every message is still one email with its own custom_args.
/// </summary>
internal static class MessageBatcher
{
    public static (IReadOnlyList<SendCall> Calls, IReadOnlyList<SendOutcome> Rejected) Plan(SendJob job, SendGridNotifierOptions options)
    {
        var rejected = new List<SendOutcome>();
        var prepared = new List<PreparedMessage>(job.Messages.Count);
        foreach (var message in job.Messages)
        {
            if (TryPrepare(job, message, out var ready))
            {
                prepared.Add(ready);
            }
            else
            {
                rejected.Add(SendOutcome.For(message.MessageId, SendResult.Permanent, "The stored body is not a valid mail/send JSON object."));
            }
        }

        if (prepared.Count <= 1)
        {
            return (prepared.Select(p => new SendCall([p])).ToArray(), rejected);
        }

        return (Batch(prepared, options), rejected);
    }

    private static bool TryPrepare(SendJob job, OutboundMessage message, out PreparedMessage prepared)
    {
        MailSendRequest? mail;
        try
        {
            mail = JsonSerializer.Deserialize(message.Body, MailJsonContext.Default.MailSendRequest);
        }
        catch (JsonException)
        {
            mail = null;
        }

        prepared = mail is null ? null! : new PreparedMessage(message.MessageId, mail.ApplyPortal(job.PortalId, message.MessageId, job.Portal.Defaults));
        return mail is not null;
    }

    private static List<SendCall> Batch(List<PreparedMessage> messages, SendGridNotifierOptions options)
    {
        var maxPersonalizations = Math.Clamp(options.MaxPersonalizationsPerCall, 1, SendGridNotifierOptions.SendGridCallLimit);
        var maxRecipients = Math.Clamp(options.MaxRecipientsPerCall, 1, SendGridNotifierOptions.SendGridCallLimit);

        // Group by a hash of the canonical JSON without personalizations, keeping first-seen order.
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var order = new List<Group>();
        foreach (var message in messages)
        {
            var common = JsonSerializer.SerializeToUtf8Bytes(message.Merged with { Personalizations = null }, MailJsonContext.Default.MailSendRequest);
            var key = Convert.ToBase64String(SHA256.HashData(common));
            if (!groups.TryGetValue(key, out var group))
            {
                group = new Group(common.Length);
                groups.Add(key, group);
                order.Add(group);
            }

            var personalizationBytes = JsonSerializer.SerializeToUtf8Bytes(message.Merged.Personalizations ?? [], MailJsonContext.Default.IReadOnlyListPersonalization).Length;
            group.Members.Add((message, personalizationBytes));
        }

        var calls = new List<SendCall>();
        foreach (var group in order)
        {
            var current = new List<PreparedMessage>();
            int personalizations = 0, recipients = 0;
            long bytes = group.CommonBytes;
            foreach (var (message, size) in group.Members)
            {
                var fits = personalizations + message.PersonalizationCount <= maxPersonalizations
                    && recipients + message.RecipientCount <= maxRecipients
                    && bytes + size <= options.MaxBatchBytes;
                if (!fits && current.Count > 0)
                {
                    calls.Add(new SendCall(current));
                    current = [];
                    (personalizations, recipients, bytes) = (0, 0, group.CommonBytes);
                }

                // A message over the limits on its own still goes alone: SendGrid's 400 then names the field.
                current.Add(message);
                personalizations += message.PersonalizationCount;
                recipients += message.RecipientCount;
                bytes += size;
            }

            calls.Add(new SendCall(current));
        }

        return calls;
    }

    private sealed class Group(int commonBytes)
    {
        public int CommonBytes { get; } = commonBytes;

        public List<(PreparedMessage Message, int Bytes)> Members { get; } = [];
    }
}
