using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

public static partial class MailValidator
{
    private static void CheckPersonalizations(MailSendRequest mail, MailValidationContext context, ref ErrorList errors)
    {
        var personalizations = mail.Personalizations;
        if (personalizations is null || personalizations.Count == 0)
        {
            errors.Add("personalizations", "At least one personalization is required.", Help("personalizations"));
            return;
        }

        if (personalizations.Count > MailLimits.MaxPersonalizations)
        {
            errors.Add("personalizations", $"At most {MailLimits.MaxPersonalizations} personalizations are allowed per request; {personalizations.Count} were given.", Help("personalizations"));
        }

        var recipients = 0;
        for (var i = 0; i < personalizations.Count; i++)
        {
            var p = personalizations[i];
            if (p is null)
            {
                errors.Add($"personalizations.{i}", "A personalization must be an object.", Help("personalizations"));
                continue;
            }

            if (p.To is null || p.To.Count == 0)
            {
                errors.Add($"personalizations.{i}.to", "Every personalization needs at least one 'to' address.", Help("personalizations.to"));
            }

            var count = CheckRecipients(p.To, i, "to", ref errors)
                + CheckRecipients(p.Cc, i, "cc", ref errors)
                + CheckRecipients(p.Bcc, i, "bcc", ref errors);
            recipients += count;
            CheckDuplicates(p, i, count, ref errors);
            CheckPersonalizationFields(p, i, mail.Subject, context, ref errors);
        }

        if (recipients > MailLimits.MaxRecipients)
        {
            errors.Add("personalizations", $"At most {MailLimits.MaxRecipients} recipients (to + cc + bcc) are allowed per request; {recipients} were given.", Help("personalizations"));
        }
    }

    private static int CheckRecipients(IReadOnlyList<EmailAddress>? list, int p, string kind, ref ErrorList errors)
    {
        if (list is null)
        {
            return 0;
        }

        for (var j = 0; j < list.Count; j++)
        {
            var address = list[j];
            if (address is null || !AddressRules.IsValidEmail(address.Email))
            {
                errors.Add($"personalizations.{p}.{kind}.{j}.email", AddressRules.InvalidEmail, Help($"personalizations.{kind}"));
            }

            if (address is not null && !AddressRules.IsValidName(address.Name))
            {
                errors.Add($"personalizations.{p}.{kind}.{j}.name", AddressRules.InvalidName, Help($"personalizations.{kind}"));
            }
        }

        return list.Count;
    }

    private static void CheckPersonalizationFields(Personalization p, int i, string? subject, MailValidationContext context, ref ErrorList errors)
    {
        if (p.From is not null)
        {
            if (!AddressRules.IsValidEmail(p.From.Email))
            {
                errors.Add($"personalizations.{i}.from.email", AddressRules.InvalidEmail, AddressRules.Help);
            }

            if (!AddressRules.IsValidName(p.From.Name))
            {
                errors.Add($"personalizations.{i}.from.name", AddressRules.InvalidName, AddressRules.Help);
            }
        }

        if (p.Subject is not null && TextRules.HasLineBreak(p.Subject))
        {
            errors.Add($"personalizations.{i}.subject", "The subject must not contain CR, LF or NUL characters.", Help("personalizations.subject"));
        }

        CheckHeaders(p.Headers, i, ref errors);
        CheckSendAt(p.SendAt, i, context, ref errors);
        CheckSubstitutions(p, i, subject, ref errors);
    }

    /// <summary>
    /// Substitutions are applied to the subject too: a value with a line break whose key appears in a
    /// subject would smuggle header lines in. Bodies may take line breaks, so only that case is refused.
    /// </summary>
    private static void CheckSubstitutions(Personalization p, int i, string? messageSubject, ref ErrorList errors)
    {
        if (p.Substitutions is null || p.Substitutions.Count == 0)
        {
            return;
        }

        // JSON gives a Dictionary: enumerate it as one so the struct enumerator is not boxed.
        if (p.Substitutions is Dictionary<string, string> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                CheckSubstitution(key, value, p, i, messageSubject, ref errors);
            }
        }
        else
        {
            foreach (var (key, value) in p.Substitutions)
            {
                CheckSubstitution(key, value, p, i, messageSubject, ref errors);
            }
        }
    }

    private static void CheckSubstitution(string key, string? value, Personalization p, int i, string? messageSubject, ref ErrorList errors)
    {
        if (value is not null && key.Length > 0 && TextRules.HasLineBreak(value)
            && (Mentions(messageSubject, key) || Mentions(p.Subject, key)))
        {
            errors.Add($"personalizations.{i}.substitutions.{key}", "A substitution used in the subject must not contain CR, LF or NUL characters.", Help("personalizations.substitutions"));
        }
    }

    private static bool Mentions(string? subject, string key) => subject is not null && subject.Contains(key, StringComparison.Ordinal);
}
