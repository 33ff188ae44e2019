using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.Testing.SendGrid;

/// <summary>
/// The documented checks of mail/send (see docs/sendgrid.md), on the raw JSON so that the fake does
/// not share the product's model or validator: personalizations 1..1000, at most 1,000 recipients,
/// valid and unique addresses, from, subject and content unless a template supplies them, limits on
/// categories, ip_pool_name and reserved headers. Every failing field is listed.
/// </summary>
public static class FakeSendGridValidator
{
    public const int MaxPersonalizations = 1000;
    public const int MaxRecipients = 1000;

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-sg-id", "x-sg-eid", "received", "dkim-signature", "content-type", "content-transfer-encoding",
        "to", "from", "subject", "reply-to", "cc", "bcc",
    };

    public static List<SendGridError> Validate(JsonElement root)
    {
        var errors = new List<SendGridError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("The request body must be a JSON object.", null));
            return errors;
        }

        var hasTemplate = root.TryGetProperty("template_id", out var template) && template.ValueKind == JsonValueKind.String && template.GetString()!.Length > 0;
        var hasSubject = root.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String && subject.GetString()!.Length > 0;
        ValidatePersonalizations(root, hasTemplate || hasSubject, errors);
        ValidateAddress(root, "from", required: true, errors);
        ValidateContent(root, hasTemplate, errors);

        if (root.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Array)
        {
            var names = categories.EnumerateArray().Select(c => c.GetString() ?? "").ToList();
            if (names.Count > 10 || names.Any(n => n.Length > 255) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                errors.Add(Error("Categories: at most 10, unique, each at most 255 characters.", "categories"));
            }
        }

        if (root.TryGetProperty("ip_pool_name", out var pool) && pool.GetString() is { Length: < 2 or > 64 })
        {
            errors.Add(Error("The ip_pool_name must be between 2 and 64 characters.", "ip_pool_name"));
        }

        if (root.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object &&
            headers.EnumerateObject().Any(h => ReservedHeaders.Contains(h.Name)))
        {
            errors.Add(Error("Headers may not include reserved names such as To, From, Subject or Content-Type.", "headers"));
        }

        return errors;
    }

    private static void ValidatePersonalizations(JsonElement root, bool subjectSupplied, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("personalizations", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            errors.Add(Error("The personalizations field is required and needs at least one personalization.", "personalizations"));
            return;
        }

        if (list.GetArrayLength() > MaxPersonalizations)
        {
            errors.Add(Error($"A request may hold at most {MaxPersonalizations} personalizations.", "personalizations"));
        }

        var recipients = 0;
        var i = 0;
        foreach (var p in list.EnumerateArray())
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!p.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
            {
                errors.Add(Error("Every personalization needs at least one to address.", $"personalizations.{i}.to"));
            }

            foreach (var kind in (string[])["to", "cc", "bcc"])
            {
                if (!p.TryGetProperty(kind, out var addresses) || addresses.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var j = 0;
                foreach (var address in addresses.EnumerateArray())
                {
                    recipients++;
                    var field = $"personalizations.{i}.{kind}.{j++}.email";
                    var email = address.ValueKind == JsonValueKind.Object && address.TryGetProperty("email", out var e) ? e.GetString() : null;
                    if (!IsEmail(email))
                    {
                        errors.Add(Error("Does not contain a valid address.", field));
                    }
                    else if (!seen.Add(email!))
                    {
                        errors.Add(Error("Each email address in the personalization block should be unique between to, cc, and bcc.", field));
                    }
                }
            }

            if (!subjectSupplied && !(p.TryGetProperty("subject", out var s) && s.GetString() is { Length: > 0 }))
            {
                errors.Add(Error("The subject is required: set it on the message or on every personalization.", "subject"));
            }

            i++;
        }

        if (recipients > MaxRecipients)
        {
            errors.Add(Error($"A request may have at most {MaxRecipients} recipients across to, cc and bcc.", "personalizations"));
        }
    }

    private static void ValidateAddress(JsonElement root, string name, bool required, List<SendGridError> errors)
    {
        if (!root.TryGetProperty(name, out var address) || address.ValueKind != JsonValueKind.Object)
        {
            if (required)
            {
                errors.Add(Error($"The {name} object must be provided for every email send.", name));
            }

            return;
        }

        if (!IsEmail(address.TryGetProperty("email", out var e) ? e.GetString() : null))
        {
            errors.Add(Error("Does not contain a valid address.", $"{name}.email"));
        }
    }

    private static void ValidateContent(JsonElement root, bool hasTemplate, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
        {
            if (!hasTemplate)
            {
                errors.Add(Error("Unless a template_id is given, the content field needs at least one part.", "content"));
            }

            return;
        }

        var k = 0;
        foreach (var part in content.EnumerateArray())
        {
            var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(type) || !(part.TryGetProperty("value", out var v) && v.GetString() is { Length: > 0 }))
            {
                errors.Add(Error("Every content part needs a type and a non-empty value.", $"content.{k}"));
            }
            else if (k > 0 && type.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(Error("If present, text/plain must be the first content part.", $"content.{k}.type"));
            }

            k++;
        }
    }

    private static bool IsEmail(string? email) =>
        email is { Length: > 2 and <= 320 } && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);

    private static SendGridError Error(string message, string? field) => new() { Message = message, Field = field, Help = null };
}
