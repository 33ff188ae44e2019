using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;

namespace OrleansNotify.SendGrid.Batching;

/// <summary>
/// Turns a job into API calls. Messages whose bodies are equal once their personalizations are left
/// out (same from, subject, content or template, attachments, headers, settings, categories, send_at,
/// …) share calls of at most 1,000 personalizations and 1,000 recipients; SendGrid sends each
/// personalization as its own email, so every message is still one email with its own custom_args.
/// The portal merge only reads the shared part, so equal originals give equal merged bodies: the first
/// message of a group is parsed and merged whole, the others only for their personalizations.
/// </summary>
internal static class MessageBatcher
{
    // Room for the notify_message_id / notify_portal_id custom args added to each personalization.
    private const int IdArgsBytes = 128;

    public static (IReadOnlyList<SendCall> Calls, IReadOnlyList<SendOutcome> Rejected) Plan(SendJob job, SendGridNotifierOptions options)
    {
        var rejected = new List<SendOutcome>();
        if (job.Messages.Count == 1)
        {
            var prepared = PrepareRaw(job, job.Messages[0]) ?? PrepareWhole(job, job.Messages[0]);
            return prepared is null ? ([], [Rejected(job.Messages[0])]) : ([new SendCall([prepared])], rejected);
        }

        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var order = new List<Group>();
        foreach (var message in job.Messages)
        {
            if (!RawBody.TryFindPersonalizations(message.Body, out var name, out var value))
            {
                // Not batchable as bytes; it may still parse (or fail) on its own.
                var alone = PrepareWhole(job, message);
                if (alone is null)
                {
                    rejected.Add(Rejected(message));
                    continue;
                }

                var single = new Group(alone.Merged with { Personalizations = null }, message.Body.Length);
                single.Members.Add((alone, message.Body.Length));
                order.Add(single);
                continue;
            }

            var key = RawBody.KeyWithout(message.Body, name);
            var size = value.GetOffsetAndLength(message.Body.Length).Length + IdArgsBytes;
            if (!groups.TryGetValue(key, out var group))
            {
                var first = PrepareWhole(job, message);
                group = new Group(first is null ? null : first.Merged with { Personalizations = null }, message.Body.Length - size);
                groups.Add(key, group);
                order.Add(group);
                if (first is not null)
                {
                    group.Members.Add((first, size));
                    continue;
                }
            }

            var member = group.Common is null ? null : PrepareMember(job, message, group.Common, value);
            if (member is null)
            {
                rejected.Add(Rejected(message));
                continue;
            }

            group.Members.Add((member, size));
        }

        return (Chunk(order, options), rejected);
    }

    /// <summary>A single message merged on its bytes, when the raw merge can vouch for the result.</summary>
    private static PreparedMessage? PrepareRaw(SendJob job, OutboundMessage message) =>
        RawMerge.RawMailMerge.TryMerge(message.Body, job.PortalId, message.MessageId, job.Portal.Defaults, out var sandbox) is { } body
            ? PreparedMessage.Raw(message.MessageId, body, sandbox)
            : null;

    private static PreparedMessage? PrepareWhole(SendJob job, OutboundMessage message)
    {
        try
        {
            var mail = JsonSerializer.Deserialize(message.Body, MailJsonContext.Default.MailSendRequest);
            return mail is null ? null : new PreparedMessage(message.MessageId, mail.ApplyPortal(job.PortalId, message.MessageId, job.Portal.Defaults));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static PreparedMessage? PrepareMember(SendJob job, OutboundMessage message, MailSendRequest common, Range personalizations)
    {
        try
        {
            var own = JsonSerializer.Deserialize(message.Body.AsSpan(personalizations), MailJsonContext.Default.IReadOnlyListPersonalization);
            // The same merge as the first message, applied to this message's personalizations only.
            var merged = new MailSendRequest { Personalizations = own }.ApplyPortal(job.PortalId, message.MessageId, job.Portal.Defaults);
            return new PreparedMessage(message.MessageId, common with { Personalizations = merged.Personalizations });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<SendCall> Chunk(List<Group> groups, SendGridNotifierOptions options)
    {
        var maxPersonalizations = Math.Clamp(options.MaxPersonalizationsPerCall, 1, SendGridNotifierOptions.SendGridCallLimit);
        var maxRecipients = Math.Clamp(options.MaxRecipientsPerCall, 1, SendGridNotifierOptions.SendGridCallLimit);
        var calls = new List<SendCall>();
        foreach (var group in groups.Where(g => g.Members.Count > 0))
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

    private static SendOutcome Rejected(OutboundMessage message) =>
        SendOutcome.For(message.MessageId, SendResult.Permanent, "The stored body is not a valid mail/send JSON object.");

    private sealed class Group(MailSendRequest? common, int commonBytes)
    {
        /// <summary>The merged shared part; null when the group's first body did not parse.</summary>
        public MailSendRequest? Common { get; } = common;

        public int CommonBytes { get; } = commonBytes;

        public List<(PreparedMessage Message, int Bytes)> Members { get; } = [];
    }
}
