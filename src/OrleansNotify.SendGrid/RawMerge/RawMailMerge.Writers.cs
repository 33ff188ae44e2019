using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Portals;

namespace OrleansNotify.SendGrid.RawMerge;

// The merged members, written with the same rules as PortalMerge (a changed rule there shows up as a
// failure of the raw-merge equivalence tests, which compare both paths over a corpus of bodies).
internal static partial class RawMailMerge
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>Each personalization as it is, its custom_args with our two ids set.</summary>
    private static void WritePersonalizations(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, string portalId, string messageId)
    {
        writer.WritePropertyName("personalizations"u8);
        writer.WriteStartArray();
        var reader = new Utf8JsonReader(raw, ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            writer.WriteStartObject();
            var hasArgs = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isArgs = reader.ValueTextEquals("custom_args"u8);
                writer.WritePropertyName(reader.ValueSpan);
                reader.Read();
                if (isArgs)
                {
                    hasArgs = true;
                    WriteArgs(writer, ref reader, raw, portalId, messageId);
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                CopyValue(writer, raw[start..(int)reader.BytesConsumed]);
            }

            if (!hasArgs)
            {
                writer.WritePropertyName("custom_args"u8);
                writer.WriteStartObject();
                WriteIds(writer, portalId, messageId);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteArgs(Utf8JsonWriter writer, ref Utf8JsonReader reader, ReadOnlySpan<byte> raw, string portalId, string messageId)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(PortalMerge.MessageIdArg) || reader.ValueTextEquals(PortalMerge.PortalIdArg))
            {
                reader.Read(); // ours are written last, with this message's values
                continue;
            }

            WriteName(writer, ref reader);
            reader.Read();
            CopyValue(writer, raw[(int)reader.TokenStartIndex..(int)reader.BytesConsumed]);
        }

        WriteIds(writer, portalId, messageId);
    }

    private static void WriteIds(Utf8JsonWriter writer, string portalId, string messageId)
    {
        writer.WriteString(PortalMerge.MessageIdArg, messageId);
        writer.WriteString(PortalMerge.PortalIdArg, portalId);
        writer.WriteEndObject();
    }

    /// <summary>The message's headers, plus the portal's importance unless the message states its own.</summary>
    private static void WriteHeaders(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, PortalDefaults defaults)
    {
        writer.WritePropertyName("headers"u8);
        if (!raw.IsEmpty && HasOwnImportance(raw))
        {
            CopyValue(writer, raw);
            return;
        }

        writer.WriteStartObject();
        if (!raw.IsEmpty)
        {
            var reader = new Utf8JsonReader(raw, ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                WriteName(writer, ref reader);
                reader.Read();
                CopyValue(writer, raw[(int)reader.TokenStartIndex..(int)reader.BytesConsumed]);
            }
        }

        writer.WriteString(ImportanceHeaders.Importance, ImportanceHeaders.ImportanceValue(defaults.DeliveryImportance));
        writer.WriteString(ImportanceHeaders.XPriority, ImportanceHeaders.XPriorityValue(defaults.DeliveryImportance));
        writer.WriteEndObject();
    }

    private static bool HasOwnImportance(ReadOnlySpan<byte> raw)
    {
        var reader = new Utf8JsonReader(raw, ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Compared as strings, exactly as the model does (OrdinalIgnoreCase also folds some non-ASCII).
            var name = reader.GetString()!;
            if (name.Equals(ImportanceHeaders.Importance, StringComparison.OrdinalIgnoreCase) ||
                name.Equals(ImportanceHeaders.XPriority, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            reader.Read();
        }

        return false;
    }

    private static void WriteCategories(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, PortalDefaults defaults)
    {
        if (defaults.Categories is not { Count: > 0 })
        {
            writer.WritePropertyName("categories"u8);
            CopyValue(writer, raw);
            return;
        }

        var own = new List<string>();
        var reader = new Utf8JsonReader(raw, ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            own.Add(reader.GetString()!);
        }

        WriteCategoryList(writer, MergeCategories(own, defaults.Categories));
    }

    private static IEnumerable<string> MergeCategories(IEnumerable<string> own, IReadOnlyList<string> defaults) =>
        own.Concat(defaults).Distinct(StringComparer.Ordinal).Take(PortalMerge.MaxCategories);

    private static void WriteCategoryList(Utf8JsonWriter writer, IEnumerable<string> categories)
    {
        writer.WritePropertyName("categories"u8);
        writer.WriteStartArray();
        foreach (var category in categories)
        {
            writer.WriteStringValue(category);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes mail_settings (if any) with the portal's sandbox default; returns whether the result is in sandbox mode.</summary>
    private static bool WriteMailSettings(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, PortalDefaults defaults)
    {
        var own = raw.IsEmpty ? null : JsonSerializer.Deserialize(raw, WireJson.Context.MailSettings);
        if (own?.SandboxMode?.Enable is not null || !defaults.SandboxMode)
        {
            if (!raw.IsEmpty)
            {
                writer.WritePropertyName("mail_settings"u8);
                CopyValue(writer, raw);
            }

            return own?.SandboxMode?.Enable == true;
        }

        writer.WritePropertyName("mail_settings"u8);
        JsonSerializer.Serialize(writer, (own ?? new MailSettings()) with { SandboxMode = new EnableSetting { Enable = true } }, WireJson.Context.MailSettings);
        return true;
    }

    private static void WriteTracking(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, PortalDefaults defaults)
    {
        var own = (raw.IsEmpty ? null : JsonSerializer.Deserialize(raw, WireJson.Context.TrackingSettings)) ?? new TrackingSettings();
        var merged = own with
        {
            ClickTracking = new ClickTracking
            {
                Enable = own.ClickTracking?.Enable ?? defaults.ClickTracking,
                EnableText = own.ClickTracking?.EnableText ?? defaults.TextTracking,
            },
            OpenTracking = (own.OpenTracking ?? new OpenTracking()) with { Enable = own.OpenTracking?.Enable ?? defaults.OpenTracking },
        };
        writer.WritePropertyName("tracking_settings"u8);
        JsonSerializer.Serialize(writer, merged, WireJson.Context.TrackingSettings);
    }
}
