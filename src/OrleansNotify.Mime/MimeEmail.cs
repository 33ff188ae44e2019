using MimeKit;

namespace OrleansNotify.Mime;

/// <summary>
/// One email built from one personalization. <see cref="Recipients"/> is the SMTP envelope
/// (to + cc + bcc): bcc addresses travel only there, never in the headers. Dispose the message once
/// it is sent: MimeKit's messages have finalizers, and disposing spares the GC that work.
/// </summary>
public sealed record MimeEmail(MimeMessage Message, IReadOnlyList<MailboxAddress> Recipients, int PersonalizationIndex);
