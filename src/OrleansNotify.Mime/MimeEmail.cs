using MimeKit;

namespace OrleansNotify.Mime;

/// <summary>
/// One email built from one personalization. <see cref="Recipients"/> is the SMTP envelope
/// (to + cc + bcc): bcc addresses travel only there, never in the headers.
/// </summary>
public sealed record MimeEmail(MimeMessage Message, IReadOnlyList<MailboxAddress> Recipients, int PersonalizationIndex);
