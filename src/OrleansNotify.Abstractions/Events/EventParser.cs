using System.Globalization;
using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Events;

/// <summary>
/// Reads and validates one event object; every failure names its field (prefixed for batches, e.g.
/// <c>2.type</c>). The same checks serve HTTP (400) and RabbitMQ (dead letter with the reason).
/// </summary>
public static class EventParser
{
    public const int MaxIdLength = 200;
    public const int MaxTypeLength = 100;
    public const int MaxRecipients = 1000;

    /// <summary>The event, or null with its failures added to <paramref name="errors"/>.</summary>
    /// <remarks>With a <paramref name="routePortalId"/> (the URL's portal) the body may omit <c>portalId</c> or must repeat it.</remarks>
    public static NotifyEvent? Parse(JsonElement json, string? routePortalId, string prefix, List<SendGridError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(prefix, "", "An event must be a JSON object."));
            return null;
        }

        var id = RequiredString(json, "id", prefix, errors, MaxIdLength);
        var portalId = OptionalString(json, "portalId", prefix, errors) ?? routePortalId;
        if (portalId is null)
        {
            errors.Add(Error(prefix, "portalId", "portalId is required."));
        }
        else if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            errors.Add(Error(prefix, "portalId", "portalId must be 1-64 of A-Z a-z 0-9 - _, starting with a letter or digit."));
        }
        else if (routePortalId is not null && !string.Equals(portalId, routePortalId, StringComparison.Ordinal))
        {
            errors.Add(Error(prefix, "portalId", "portalId differs from the portal in the URL."));
        }

        var type = RequiredString(json, "type", prefix, errors, MaxTypeLength);
        if (type is not null && !IsValidType(type))
        {
            errors.Add(Error(prefix, "type", "type may hold only A-Z a-z 0-9 . _ - (e.g. video.published)."));
        }

        var occurredAt = OccurredAt(json, prefix, errors);
        string? data = null;
        if (!json.TryGetProperty("data", out var dataJson) || dataJson.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(prefix, "data", "data is required and must be a JSON object."));
        }
        else
        {
            data = dataJson.GetRawText();
        }

        var recipients = Recipients(json, prefix, errors);
        if (errors.Count > before)
        {
            return null;
        }

        return new NotifyEvent { Id = id!, PortalId = portalId!, Type = type!, OccurredAt = occurredAt, Data = data!, Recipients = recipients };
    }

    public static bool IsValidType(string type) =>
        type.Length is > 0 and <= MaxTypeLength && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static DateTimeOffset OccurredAt(JsonElement json, string prefix, List<SendGridError> errors)
    {
        if (!json.TryGetProperty("occurredAt", out var value) || value.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            errors.Add(Error(prefix, "occurredAt", "occurredAt is required: an ISO 8601 date and time, e.g. 2026-11-24T12:00:00Z."));
            return default;
        }

        return at.ToUniversalTime();
    }

    private static List<string>? Recipients(JsonElement json, string prefix, List<SendGridError> errors)
    {
        if (!json.TryGetProperty("recipients", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxRecipients)
        {
            errors.Add(Error(prefix, "recipients", $"recipients must be an array of at most {MaxRecipients} email addresses."));
            return null;
        }

        var list = new List<string>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var email = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (email is null || !EmailSyntax.IsValid(email))
            {
                errors.Add(Error(prefix, $"recipients.{i}", "Each recipient must be a valid email address."));
            }
            else
            {
                list.Add(email);
            }

            i++;
        }

        return list;
    }

    private static string? RequiredString(JsonElement json, string name, string prefix, List<SendGridError> errors, int maxLength)
    {
        var value = OptionalString(json, name, prefix, errors);
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            errors.Add(Error(prefix, name, $"{name} is required: a string of 1-{maxLength} characters."));
            return null;
        }

        return value;
    }

    private static string? OptionalString(JsonElement json, string name, string prefix, List<SendGridError> errors)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error(prefix, name, $"{name} must be a string."));
            return null;
        }

        return value.GetString();
    }

    private static SendGridError Error(string prefix, string field, string message) =>
        new() { Field = prefix.Length == 0 ? field : field.Length == 0 ? prefix.TrimEnd('.') : prefix + field, Message = message };
}
