using System.Globalization;
using System.Text.Encodings.Web;
using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Smtp.SendGrid;

public static partial class SmtpApiHeader
{
    /// <summary>
    /// Longest JSON string (escaped, quotes included) that still folds into lines under 998 characters,
    /// with room for the indentation and the token before it.
    /// </summary>
    public const int MaxTokenLength = 900;

    // Stand-ins for the ids the notifier adds at send time: message ids are 32 hex digits.
    private const string MessageIdStandIn = "0123456789abcdef0123456789abcdef";

    /// <summary>
    /// Checks at submission time that a message's SendGrid options fit an X-SMTPAPI header: unique args
    /// (custom_args plus our ids) within 10,000 bytes per personalization and no value too long to fold.
    /// Errors use SendGrid's shape and name the field, for a 400 from the API.
    /// </summary>
    public static IReadOnlyList<SendGridError> Validate(MailSendRequest mail, string portalId)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(portalId);
        var errors = new List<SendGridError>();

        for (var i = 0; i < (mail.Categories?.Count ?? 0); i++)
        {
            CheckToken(errors, mail.Categories![i], $"categories.{i}");
        }

        CheckArgs(errors, mail.CustomArgs, "custom_args");
        CheckToken(errors, mail.IpPoolName, "ip_pool_name");

        var personalizations = mail.Personalizations is { Count: > 0 } list ? list : [new Personalization()];
        for (var i = 0; i < personalizations.Count; i++)
        {
            var p = personalizations[i];
            var field = p.CustomArgs is { Count: > 0 } ? $"personalizations.{i}.custom_args" : "custom_args";
            if (p.CustomArgs is not null)
            {
                CheckArgs(errors, p.CustomArgs, $"personalizations.{i}.custom_args");
            }

            var args = UniqueArgs(mail, p);
            args[PortalMerge.MessageIdArg] = MessageIdStandIn;
            args[PortalMerge.PortalIdArg] = portalId;
            var bytes = UniqueArgsBytes(args);
            if (bytes > MaxUniqueArgsBytes && !errors.Exists(e => e.Field == field))
            {
                errors.Add(new SendGridError
                {
                    Message = string.Create(CultureInfo.InvariantCulture,
                        $"custom_args come to {bytes:N0} bytes as X-SMTPAPI unique_args (with notify_message_id and notify_portal_id); SendGrid's SMTP relay accepts at most {MaxUniqueArgsBytes:N0}: send fewer or shorter custom_args, or use the sendgrid (Web API) notifier."),
                    Field = field,
                    Help = MailValidator.HelpUrl + "#custom_args",
                });
            }
        }

        return errors;
    }

    private static void CheckArgs(List<SendGridError> errors, IReadOnlyDictionary<string, string>? args, string field)
    {
        foreach (var (key, value) in args ?? new Dictionary<string, string>())
        {
            CheckToken(errors, key, $"{field}.{key}");
            CheckToken(errors, value, $"{field}.{key}");
        }
    }

    private static void CheckToken(List<SendGridError> errors, string? value, string field)
    {
        if (value is null || value.Length * 6 + 2 <= MaxTokenLength)
        {
            return; // cheap bound: even fully escaped it fits
        }

        var length = JavaScriptEncoder.Default.Encode(value).Length + 2;
        if (length > MaxTokenLength && !errors.Exists(e => e.Field == field))
        {
            errors.Add(new SendGridError
            {
                Message = string.Create(CultureInfo.InvariantCulture,
                    $"this value takes {length:N0} characters in the X-SMTPAPI header; a header line holds at most {MaxLineLength} and a value cannot be folded: keep each value under {MaxTokenLength} characters (non-ASCII counts 6 each) for sendgrid-smtp portals."),
                Field = field,
                Help = MailValidator.HelpUrl + "#custom_args",
            });
        }
    }
}
