using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

/// <summary>
/// Validates a mail/send body as SendGrid does, before anything is queued. Every failing field is
/// reported (SendGrid lists them all), with <c>field</c> as SendGrid writes it: <c>personalizations.0.to.1.email</c>.
/// It runs on the hot path of every submission: loops over lists by index, no LINQ, no regular
/// expressions, and field paths are only formatted for the fields that fail.
/// </summary>
public static partial class MailValidator
{
    /// <summary>SendGrid's table of mail/send errors; <c>help</c> points at the section of the field.</summary>
    public const string HelpUrl = "https://www.twilio.com/docs/sendgrid/api-reference/mail-send/errors";

    public static IReadOnlyList<SendGridError> Validate(MailSendRequest mail, MailValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(context);

        var errors = new ErrorList();
        CheckPersonalizations(mail, context, ref errors);
        CheckSenders(mail, context, ref errors);
        CheckSubject(mail, ref errors);
        CheckContent(mail, ref errors);
        CheckAttachments(mail, ref errors);
        CheckTotalSize(mail, ref errors);
        CheckHeaders(mail.Headers, -1, ref errors);
        CategoryRules.Check(mail.Categories, "categories", ref errors);
        CheckCustomArgs(mail, ref errors);
        CheckSendAt(mail.SendAt, -1, context, ref errors);
        CheckDelivery(mail, ref errors);
        return errors.ToList();
    }

    private static string Help(string section) => $"{HelpUrl}#{section}";

    private static void CheckSenders(MailSendRequest mail, MailValidationContext context, ref ErrorList errors)
    {
        if (mail.From is null)
        {
            if (!context.HasDefaultFrom)
            {
                errors.Add("from", "The from object is required: give an email address (and optionally a name).", Help("from"));
            }
        }
        else
        {
            AddressRules.Check(mail.From, "from.email", "from.name", ref errors);
        }

        AddressRules.Check(mail.ReplyTo, "reply_to.email", "reply_to.name", ref errors);
        var list = mail.ReplyToList;
        if (list is null)
        {
            return;
        }

        if (mail.ReplyTo is not null)
        {
            errors.Add("reply_to_list", "Use either reply_to or reply_to_list, not both.", Help("reply_to_list"));
        }

        if (list.Count > MailLimits.MaxReplyToList)
        {
            errors.Add("reply_to_list", $"reply_to_list may hold at most {MailLimits.MaxReplyToList} addresses.", Help("reply_to_list"));
        }

        for (var i = 0; i < list.Count; i++)
        {
            var address = list[i];
            if (address is null || !AddressRules.IsValidEmail(address.Email))
            {
                errors.Add($"reply_to_list.{i}.email", AddressRules.InvalidEmail, AddressRules.Help);
            }

            if (address is not null && !AddressRules.IsValidName(address.Name))
            {
                errors.Add($"reply_to_list.{i}.name", AddressRules.InvalidName, AddressRules.Help);
            }
        }
    }

    private static void CheckSubject(MailSendRequest mail, ref ErrorList errors)
    {
        if (mail.Subject is not null && TextRules.HasLineBreak(mail.Subject))
        {
            errors.Add("subject", "The subject must not contain CR, LF or NUL characters.", Help("subject"));
        }

        if (!string.IsNullOrEmpty(mail.Subject) || !string.IsNullOrEmpty(mail.TemplateId))
        {
            return;
        }

        var personalizations = mail.Personalizations;
        var everyOneHasSubject = personalizations is { Count: > 0 };
        for (var i = 0; everyOneHasSubject && i < personalizations!.Count; i++)
        {
            everyOneHasSubject = !string.IsNullOrEmpty(personalizations[i]?.Subject);
        }

        if (!everyOneHasSubject)
        {
            errors.Add("subject", "A subject is required, on the message or on every personalization, unless a template_id supplies it.", Help("subject"));
        }
    }

    private static void CheckHeaders(IReadOnlyDictionary<string, string>? headers, int personalization, ref ErrorList errors)
    {
        // JSON gives a Dictionary: enumerate it as one so the struct enumerator is not boxed.
        if (headers is Dictionary<string, string> dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                CheckHeader(name, value, personalization, ref errors);
            }
        }
        else if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                CheckHeader(name, value, personalization, ref errors);
            }
        }
    }

    private static void CheckHeader(string name, string? value, int personalization, ref ErrorList errors)
    {
        var problem = HeaderRules.Problem(name, value);
        if (problem is not null)
        {
            var field = personalization < 0 ? $"headers.{name}" : $"personalizations.{personalization}.headers.{name}";
            errors.Add(field, problem, Help("headers"));
        }
    }
}
