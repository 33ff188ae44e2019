using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

/// <summary>
/// Validates a mail/send body as SendGrid does, before anything is queued. Every failing field is
/// reported (SendGrid lists them all), with <c>field</c> as SendGrid writes it: <c>personalizations.0.to.1.email</c>.
/// </summary>
public static class MailValidator
{
    public static IReadOnlyList<SendGridError> Validate(MailSendRequest mail, MailValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(context);
        return []; // TODO: the rules of issue 4.
    }
}
