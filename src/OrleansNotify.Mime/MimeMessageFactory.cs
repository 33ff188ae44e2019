using MimeKit;
using MimeKit.Utils;
using OrleansNotify.Mail;

namespace OrleansNotify.Mime;

/// <summary>
/// Translates a mail/send body (portal defaults already merged, see <see cref="PortalMerge"/>) into MIME
/// with MimeKit: one email per personalization. Used by the pickup notifier and by the SMTP notifiers.
/// Thread-safe; emails of one call share their attachments' encoded bytes read-only.
/// </summary>
public sealed partial class MimeMessageFactory(TimeProvider time)
{
    private DateHeader _date = new(long.MinValue, string.Empty);

    /// <summary>Used in Message-IDs when the sender has no domain (a From without '@').</summary>
    public const string FallbackDomain = "orleansnotify.invalid";

    /// <summary>Builds one email per personalization, in personalization order.</summary>
    /// <param name="mail">The merged mail/send body.</param>
    /// <param name="messageId">Our message id: it goes into every Message-ID.</param>
    /// <exception cref="FormatException">An attachment is not base64, or a header value breaks lines.</exception>
    /// <exception cref="ParseException">An address cannot be parsed.</exception>
    public IReadOnlyList<MimeEmail> Create(MailSendRequest mail, string messageId)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentException.ThrowIfNullOrEmpty(messageId);

        var personalizations = mail.Personalizations ?? [];
        var attachments = PrepareAttachments(mail.Attachments);
        var date = DateValue(time.GetUtcNow());
        var emails = new MimeEmail[personalizations.Count];
        for (var i = 0; i < emails.Length; i++)
        {
            emails[i] = CreateOne(mail, personalizations[i], i, messageId, date, attachments);
        }

        return emails;
    }

    private static MimeEmail CreateOne(
        MailSendRequest mail, Personalization personalization, int index, string messageId,
        string date, EncodedAttachment[] attachments)
    {
        var from = personalization.From ?? mail.From;
        var substitutions = personalization.Substitutions;
        var subject = Substitutions.Apply(personalization.Subject ?? mail.Subject, substitutions) ?? string.Empty;
        RejectLineBreaks("subject", subject);

        // The headers-first constructor skips what the parameterless one does only to have it replaced
        // here (a generated Message-ID, the local clock's Date): about 40% of constructing a message.
        var message = new MimeMessage(
            new Header(HeaderId.Date, date),
            new Header(HeaderId.MessageId, $"<{messageId}.{index}@{DomainOf(from?.Email)}>"),
            new Header(HeaderId.Subject, subject));
        if (from is not null)
        {
            message.From.Add(Mailbox(from));
        }

        var recipients = new List<MailboxAddress>(Count(personalization));
        AddAll(personalization.To, message.To, recipients);
        AddAll(personalization.Cc, message.Cc, recipients);
        AddAll(personalization.Bcc, headers: null, recipients);

        if (mail.ReplyToList is { Count: > 0 } replyToList)
        {
            AddAll(replyToList, message.ReplyTo, envelope: null);
        }
        else if (mail.ReplyTo is not null)
        {
            message.ReplyTo.Add(Mailbox(mail.ReplyTo));
        }

        AddCustomHeaders(message, mail.Headers, personalization.Headers);
        message.Body = BuildBody(mail.Content, substitutions, attachments);
        return new MimeEmail(message, recipients, index);
    }

    /// <summary>
    /// The Date header's value, formatted once per second: a busy sender builds thousands of emails a
    /// second and the RFC 5322 date costs about a microsecond each time.
    /// </summary>
    private string DateValue(DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var cached = Volatile.Read(ref _date);
        if (cached.UnixSeconds != seconds)
        {
            cached = new DateHeader(seconds, DateUtils.FormatDate(DateTimeOffset.FromUnixTimeSeconds(seconds)));
            Volatile.Write(ref _date, cached);
        }

        return cached.Value;
    }

    private sealed record DateHeader(long UnixSeconds, string Value);

    private static EncodedAttachment[] PrepareAttachments(IReadOnlyList<MailAttachment>? attachments)
    {
        if (attachments is null || attachments.Count == 0)
        {
            return [];
        }

        var prepared = new EncodedAttachment[attachments.Count];
        for (var i = 0; i < prepared.Length; i++)
        {
            prepared[i] = EncodedAttachment.Create(attachments[i], i);
        }

        return prepared;
    }

    private static MailboxAddress Mailbox(EmailAddress address)
    {
        RejectLineBreaks("name", address.Name);
        return new MailboxAddress(string.IsNullOrEmpty(address.Name) ? null : address.Name, address.Email ?? string.Empty);
    }

    /// <summary>A line break would let a value start a header of its own (header injection).</summary>
    private static void RejectLineBreaks(string what, string? value)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new FormatException($"The {what} '{value.ReplaceLineEndings(" ")}' contains a line break.");
        }
    }

    private static void AddAll(IReadOnlyList<EmailAddress>? addresses, InternetAddressList? headers, List<MailboxAddress>? envelope)
    {
        if (addresses is null)
        {
            return;
        }

        foreach (var address in addresses)
        {
            var mailbox = Mailbox(address);
            headers?.Add(mailbox);
            envelope?.Add(mailbox);
        }
    }

    private static int Count(Personalization p) => (p.To?.Count ?? 0) + (p.Cc?.Count ?? 0) + (p.Bcc?.Count ?? 0);

    private static string DomainOf(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return at < 0 || at == email!.Length - 1 ? FallbackDomain : email[(at + 1)..];
    }
}
