using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansNotify.Tracking;

namespace OrleansNotify.Api.Tracking;

/// <summary>An event and the portal its custom args name (null: the URL's portal).</summary>
public readonly record struct ParsedEvent(string? PortalId, TrackingEvent Event);

/// <summary>
/// Reads SendGrid's JSON array of events. Known fields are pulled out, the object is kept whole; custom
/// args are top-level fields (notify_message_id, notify_portal_id). category is a string or an array.
/// An event without sg_event_id gets a SHA-256 of its JSON, so its retries still de-duplicate.
/// </summary>
public static class WebhookParser
{
    public const string MessageIdArg = "notify_message_id";
    public const string PortalIdArg = "notify_portal_id";

    /// <summary>The events, or null with a message and the failing field (e.g. <c>[3].timestamp</c>).</summary>
    public static IReadOnlyList<ParsedEvent>? Parse(byte[] body, DateTimeOffset receivedAt, out string? error, out string? field)
    {
        ArgumentNullException.ThrowIfNull(body);
        error = null;
        field = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            error = $"The request body is not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}.";
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "The request body must be a JSON array of events.";
                return null;
            }

            var events = new List<ParsedEvent>(document.RootElement.GetArrayLength());
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (ParseOne(item, receivedAt, out var failing) is not { } parsed)
                {
                    error = $"Event {index} {failing.Message}";
                    field = $"[{index}].{failing.Field}";
                    return null;
                }

                events.Add(parsed);
                index++;
            }

            return events;
        }
    }

    private static ParsedEvent? ParseOne(JsonElement e, DateTimeOffset receivedAt, out (string Message, string Field) failing)
    {
        failing = default;
        if (e.ValueKind != JsonValueKind.Object)
        {
            failing = ("must be a JSON object.", "");
            return null;
        }

        var type = Str(e, "event");
        if (string.IsNullOrEmpty(type))
        {
            failing = ("has no \"event\" name.", "event");
            return null;
        }

        var timestamp = receivedAt;
        if (e.TryGetProperty("timestamp", out var ts))
        {
            if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var seconds) || seconds is < 0 or > 253_402_300_799)
            {
                failing = ("has a timestamp that is not Unix seconds.", "timestamp");
                return null;
            }

            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        var raw = e.GetRawText();
        var sgMessageId = Str(e, "sg_message_id");
        var dot = sgMessageId?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        var tracking = new TrackingEvent
        {
            EventId = Str(e, "sg_event_id") is { Length: > 0 } id ? id : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))),
            Type = type,
            Timestamp = timestamp,
            Email = Str(e, "email"),
            MessageId = Str(e, MessageIdArg),
            ProviderMessageId = string.IsNullOrEmpty(sgMessageId) ? null : dot > 0 ? sgMessageId[..dot] : sgMessageId,
            Categories = Categories(e),
            Url = Str(e, "url"),
            Reason = Str(e, "reason") ?? Str(e, "response"),
            BounceType = Str(e, "type"),
            Classification = Str(e, "bounce_classification"),
            AsmGroupId = e.TryGetProperty("asm_group_id", out var g) && g.ValueKind == JsonValueKind.Number && g.TryGetInt32(out var group) ? group
                : g.ValueKind == JsonValueKind.String && int.TryParse(g.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out group) ? group : null,
            MachineOpen = e.TryGetProperty("sg_machine_open", out var machine) && machine.ValueKind == JsonValueKind.True,
            Raw = raw,
        };
        return new ParsedEvent(Str(e, PortalIdArg), tracking);
    }

    /// <summary>A string field; numbers are taken as their text (custom args are strings, but not always).</summary>
    private static string? Str(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    private static string[] Categories(JsonElement e)
    {
        if (!e.TryGetProperty("category", out var category))
        {
            return [];
        }

        return category.ValueKind switch
        {
            JsonValueKind.String => [category.GetString()!],
            JsonValueKind.Array => category.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToArray(),
            _ => [],
        };
    }
}
