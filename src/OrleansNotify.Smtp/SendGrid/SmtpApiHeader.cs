using System.Buffers;
using System.Text;
using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.Smtp.SendGrid;

/// <summary>
/// SendGrid's <c>X-SMTPAPI</c> header: the relay's way to carry what the Web API takes as JSON fields
/// (categories, unique args, tracking filters, IP pool, unsubscribe group, send_at). One header per
/// email, because unique args differ per personalization.
/// </summary>
public static partial class SmtpApiHeader
{
    public const string Name = "X-SMTPAPI";

    /// <summary>SendGrid's limit for the serialized <c>unique_args</c>.</summary>
    public const int MaxUniqueArgsBytes = 10_000;

    /// <summary>The JSON of the header for one personalization of a merged message (compact, ASCII only).</summary>
    public static string Json(MailSendRequest merged, int personalizationIndex)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var p = merged.Personalizations is { Count: > 0 } list ? list[personalizationIndex] : null;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (merged.Categories is { Count: > 0 } categories)
            {
                json.WriteStartArray("category");
                foreach (var category in categories)
                {
                    json.WriteStringValue(category);
                }

                json.WriteEndArray();
            }

            WriteUniqueArgs(json, UniqueArgs(merged, p));
            WriteFilters(json, merged);
            if (!string.IsNullOrEmpty(merged.IpPoolName))
            {
                json.WriteString("ip_pool", merged.IpPoolName);
            }

            if (merged.Asm is { } asm)
            {
                json.WriteNumber("asm_group_id", asm.GroupId);
            }

            if ((p?.SendAt ?? merged.SendAt) is { } sendAt)
            {
                json.WriteNumber("send_at", sendAt);
            }

            json.WriteEndObject();
        }

        // The default encoder escapes every non-ASCII character, so the header needs no encoding.
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    /// <summary>Message-level args overlaid by the personalization's (which carry the notifier's ids).</summary>
    public static Dictionary<string, string> UniqueArgs(MailSendRequest merged, Personalization? personalization)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var args = merged.CustomArgs is null ? new Dictionary<string, string>() : new Dictionary<string, string>(merged.CustomArgs);
        foreach (var (key, value) in personalization?.CustomArgs ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }

        return args;
    }

    /// <summary>Bytes the unique args take in the header.</summary>
    public static int UniqueArgsBytes(IReadOnlyDictionary<string, string> args)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteObject(json, args);
        }

        return buffer.WrittenCount;
    }

    private static void WriteUniqueArgs(Utf8JsonWriter json, Dictionary<string, string> args)
    {
        if (args.Count == 0)
        {
            return;
        }

        json.WritePropertyName("unique_args");
        WriteObject(json, args);
    }

    private static void WriteObject(Utf8JsonWriter json, IReadOnlyDictionary<string, string> args)
    {
        json.WriteStartObject();
        foreach (var (key, value) in args)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteFilters(Utf8JsonWriter json, MailSendRequest merged)
    {
        var click = merged.TrackingSettings?.ClickTracking;
        var open = merged.TrackingSettings?.OpenTracking?.Enable;
        var bypass = merged.MailSettings?.BypassListManagement?.Enable;
        if (click?.Enable is null && open is null && bypass is null)
        {
            return;
        }

        json.WriteStartObject("filters");
        if (click?.Enable is { } clickOn)
        {
            json.WriteStartObject("clicktrack");
            json.WriteStartObject("settings");
            json.WriteNumber("enable", clickOn ? 1 : 0);
            if (click.EnableText is { } textOn)
            {
                json.WriteNumber("enable_text", textOn ? 1 : 0);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        WriteSwitch(json, "opentrack", open);
        WriteSwitch(json, "bypass_list_management", bypass);
        json.WriteEndObject();
    }

    private static void WriteSwitch(Utf8JsonWriter json, string filter, bool? on)
    {
        if (on is not { } value)
        {
            return;
        }

        json.WriteStartObject(filter);
        json.WriteStartObject("settings");
        json.WriteNumber("enable", value ? 1 : 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
