using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>What suppression leaves of a message: the same body, a smaller one, or nothing to send.</summary>
public readonly record struct FilteredBody(byte[]? Body, IReadOnlyList<string> Removed)
{
    /// <summary>Every recipient was suppressed.</summary>
    public bool NothingLeft => Body is null;
}

/// <summary>
/// Takes suppressed addresses out of a mail/send body (to, cc, bcc of every personalization); a
/// personalization left without a "to" is dropped. Group suppressions apply when the body's
/// asm.group_id names that group. The body is only re-written when something was removed.
/// </summary>
public static class SuppressionFilter
{
    private static readonly string[] Fields = ["to", "cc", "bcc"];

    public static FilteredBody Apply(byte[] body, SuppressionSnapshot suppressions)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(suppressions);
        if (suppressions.IsEmpty || JsonNode.Parse(body) is not JsonObject mail
            || mail["personalizations"] is not JsonArray personalizations)
        {
            return new FilteredBody(body, []);
        }

        int? group = mail["asm"] is JsonObject asm && asm["group_id"] is JsonValue g && g.TryGetValue<int>(out var id) ? id : null;
        var removed = new List<string>();
        foreach (var personalization in personalizations.OfType<JsonObject>().ToArray())
        {
            foreach (var field in Fields)
            {
                if (personalization[field] is not JsonArray addresses)
                {
                    continue;
                }

                foreach (var address in addresses.OfType<JsonObject>().ToArray())
                {
                    if (address["email"]?.GetValue<string>() is { } email && suppressions.IsSuppressed(email, group))
                    {
                        addresses.Remove(address);
                        removed.Add(email);
                    }
                }

                if (addresses.Count == 0)
                {
                    personalization.Remove(field);
                }
            }

            if (personalization["to"] is null)
            {
                personalizations.Remove(personalization);
            }
        }

        if (removed.Count == 0)
        {
            return new FilteredBody(body, []);
        }

        return personalizations.Count == 0
            ? new FilteredBody(null, removed)
            : new FilteredBody(JsonSerializer.SerializeToUtf8Bytes(mail, FilterJson.Default.JsonObject), removed);
    }
}
