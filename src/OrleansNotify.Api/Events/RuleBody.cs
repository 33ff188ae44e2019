using System.Text.Json;
using OrleansNotify.Events;
using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Events;

/// <summary>
/// Reads <c>PUT /rules/{type}</c>: <c>templateId</c> or <c>sendGridTemplateId</c> (exactly one),
/// <c>recipients</c> as a path into the event (<c>data.owner.email</c>) or a list of addresses,
/// optional <c>from</c> and <c>categories</c>. Every failure names its field.
/// </summary>
public static class RuleBody
{
    public static EventRule? Parse(JsonElement json, List<SendGridError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(null, "The rule must be a JSON object."));
            return null;
        }

        var templateId = String(json, "templateId", errors);
        var sendGridTemplateId = String(json, "sendGridTemplateId", errors);
        if ((templateId is null) == (sendGridTemplateId is null))
        {
            errors.Add(Error("templateId", "Give exactly one of templateId (our template) and sendGridTemplateId (a SendGrid dynamic template)."));
        }
        else if (templateId is not null && !TemplatesApi.IsValidTemplateId(templateId))
        {
            errors.Add(Error("templateId", "templateId must be 1-64 of A-Z a-z 0-9 - _."));
        }
        else if (sendGridTemplateId is not null && (!sendGridTemplateId.StartsWith("d-", StringComparison.Ordinal) || sendGridTemplateId.Length > 64))
        {
            errors.Add(Error("sendGridTemplateId", "sendGridTemplateId must be a SendGrid dynamic template id (d-...)."));
        }

        var (path, list) = Recipients(json, errors);
        var from = From(json, errors);
        var categories = Categories(json, errors);
        return new EventRule
        {
            TemplateId = templateId, SendGridTemplateId = sendGridTemplateId, RecipientsPath = path, RecipientList = list,
            From = from, Categories = categories,
        };
    }

    private static (string?, IReadOnlyList<string>?) Recipients(JsonElement json, List<SendGridError> errors)
    {
        if (!json.TryGetProperty("recipients", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var path = value.GetString()!;
            if (!(path.StartsWith("data.", StringComparison.Ordinal) || path == "recipients") || path.Length > 200 || path.EndsWith('.'))
            {
                errors.Add(Error("recipients", "A recipients path starts with 'data.' (e.g. data.owner.email) or is 'recipients'."));
            }

            return (path, null);
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() is > 0 and <= MailLimits.MaxRecipients)
        {
            var list = new List<string>();
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !EmailSyntax.IsValid(item.GetString()))
                {
                    errors.Add(Error($"recipients.{i}", "Each fixed recipient must be a valid email address."));
                }
                else
                {
                    list.Add(item.GetString()!);
                }

                i++;
            }

            return (null, list);
        }

        errors.Add(Error("recipients", "recipients is a path into the event or a non-empty list of email addresses."));
        return (null, null);
    }

    private static EmailAddress? From(JsonElement json, List<SendGridError> errors)
    {
        if (!json.TryGetProperty("from", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("email", out var email)
            && email.ValueKind == JsonValueKind.String && EmailSyntax.IsValid(email.GetString()))
        {
            var name = value.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return new EmailAddress { Email = email.GetString(), Name = name };
        }

        errors.Add(Error("from.email", "from must be {\"email\": a valid address, \"name\": optional}."));
        return null;
    }

    private static List<string>? Categories(JsonElement json, List<SendGridError> errors)
    {
        if (!json.TryGetProperty("categories", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
        {
            errors.Add(Error("categories", "categories must be an array of strings."));
            return null;
        }

        return value.EnumerateArray().Select(c => c.GetString()!).ToList();
    }

    private static string? String(JsonElement json, string name, List<SendGridError> errors)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error(name, $"{name} must be a string."));
            return null;
        }

        return value.GetString();
    }

    private static SendGridError Error(string? field, string message) => new() { Field = field, Message = message };
}
