using OrleansNotify.Mail;
using OrleansNotify.Mime;

namespace OrleansNotify.Smtp;

/// <summary>
/// Builds one email per personalization of a merged message. The product uses the shared
/// MimeMessageFactory (same MIME for SMTP and pickup); the seam lets benchmarks and tests measure the
/// transport on its own.
/// </summary>
public delegate IReadOnlyList<MimeEmail> MimeEmailBuilder(MailSendRequest merged, string messageId);
