using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

/// <summary>One address object: a valid email and a display name without line breaks.</summary>
internal static class AddressRules
{
    /// <summary>SendGrid's mail/send error reference; the message itself says what a valid address is.</summary>
    public const string Help = MailValidator.HelpUrl;
    public const string InvalidEmail = "The email must be a valid address such as local@example.com (at most 320 characters).";
    public const string InvalidName = "The name must not contain CR, LF or NUL characters.";

    public static bool IsValidEmail(string? email) => email is not null && EmailSyntax.IsValid(email);

    public static bool IsValidName(string? name) => name is null || !TextRules.HasLineBreak(name);

    /// <summary>Checks an address at a fixed path such as "from" or "defaults.replyTo".</summary>
    public static void Check(EmailAddress? address, string emailPath, string namePath, ref ErrorList errors)
    {
        if (address is null)
        {
            return;
        }

        if (!IsValidEmail(address.Email))
        {
            errors.Add(emailPath, InvalidEmail, Help);
        }

        if (!IsValidName(address.Name))
        {
            errors.Add(namePath, InvalidName, Help);
        }
    }
}
