using System.Text.Json;
using OrleansNotify.Events;
using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Grains.Events;

/// <summary>
/// Who receives an event's messages: the rule's path into the event (<c>data.owner.email</c>, a string,
/// an <c>{email, name}</c> object or an array of either), else its fixed list, else the event's own.
/// </summary>
public static class RecipientResolver
{
    /// <summary>The addresses, or an error naming what was wrong.</summary>
    public static (IReadOnlyList<EmailAddress> Addresses, string? Error, string? Field) Resolve(NotifyEvent evt, EventRule rule, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(rule);
        var addresses = new List<EmailAddress>();
        string field;
        if (rule.RecipientsPath is { } path)
        {
            field = path;
            if (Walk(evt, data, path) is not { } value)
            {
                return ([], $"The event has no value at '{path}' (the rule's recipients).", path);
            }

            if (!Collect(value, addresses))
            {
                return ([], $"The value at '{path}' is not an email address, an {{email,name}} object or an array of them.", path);
            }
        }
        else
        {
            field = rule.RecipientList is null ? "recipients" : "rule.recipients";
            foreach (var email in rule.RecipientList ?? evt.Recipients ?? [])
            {
                addresses.Add(new EmailAddress { Email = email });
            }
        }

        if (addresses.Count == 0)
        {
            return ([], "The event has no recipients: its rule names none and the event lists none.", field);
        }

        for (var i = 0; i < addresses.Count; i++)
        {
            if (addresses[i].Email is not { } email || !EmailSyntax.IsValid(email))
            {
                return ([], $"Recipient {i} is not a valid email address.", $"{field}.{i}");
            }
        }

        return (addresses, null, null);
    }

    /// <summary>Follows <c>data.a.b</c>, <c>data.items.0.email</c> or <c>recipients</c> through the event.</summary>
    private static JsonElement? Walk(NotifyEvent evt, JsonElement data, string path)
    {
        var segments = path.Split('.');
        JsonElement current;
        if (segments[0] == "data")
        {
            current = data;
        }
        else if (segments[0] == "recipients" && segments.Length == 1 && evt.Recipients is { } own)
        {
            return JsonSerializer.SerializeToElement(own.ToArray(), EventsJsonContext.Default.StringArray);
        }
        else
        {
            return null;
        }

        foreach (var segment in segments.AsSpan(1))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, System.Globalization.CultureInfo.InvariantCulture, out var index)
                && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static bool Collect(JsonElement value, List<EmailAddress> addresses)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                addresses.Add(new EmailAddress { Email = value.GetString() });
                return true;
            case JsonValueKind.Object when value.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String:
                var name = value.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                addresses.Add(new EmailAddress { Email = email.GetString(), Name = name });
                return true;
            case JsonValueKind.Array:
                return value.EnumerateArray().All(item => item.ValueKind != JsonValueKind.Array && Collect(item, addresses));
            default:
                return false;
        }
    }
}
