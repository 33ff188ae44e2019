using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

/// <summary>
/// Checks a notifier kind adds at submission, on top of <see cref="MailValidator"/>: what that kind can
/// never deliver is refused with a 400 up front instead of failing later in the sender. Registered as a
/// keyed singleton under the notifier kind (<c>AddKeyedSingleton&lt;INotifierMessageRules&gt;(kind)</c>);
/// a kind with no rules registered takes every message the common validator takes.
/// </summary>
public interface INotifierMessageRules
{
    /// <summary>Errors in SendGrid's shape, each naming its field; empty when the message fits.</summary>
    IReadOnlyList<SendGridError> Validate(MailSendRequest mail, string portalId);
}
