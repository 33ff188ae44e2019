using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Smtp.SendGrid;

/// <summary>
/// Submission rules of <c>sendgrid-smtp</c> portals: the message's SendGrid options must fit an
/// X-SMTPAPI header, so an oversized one gets a 400 now rather than a permanent failure at send time.
/// Depends on nothing but the header rules, so a front end may register it without any notifier.
/// </summary>
public sealed class SmtpApiMessageRules : INotifierMessageRules
{
    public IReadOnlyList<SendGridError> Validate(MailSendRequest mail, string portalId) => SmtpApiHeader.Validate(mail, portalId);
}
