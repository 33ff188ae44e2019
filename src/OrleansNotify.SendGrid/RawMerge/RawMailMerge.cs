using System.Buffers;
using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Portals;

namespace OrleansNotify.SendGrid.RawMerge;

/// <summary>
/// <see cref="PortalMerge.ApplyPortal"/> on the stored bytes: the parts the merge leaves alone (content,
/// attachments, recipients, …) are copied byte for byte, only the merged members are written. For a
/// single message this replaces a parse and a re-serialise, the two largest costs of a send. Returns
/// null for a body the model would change on its own (see <see cref="MailSchema"/>): the caller then
/// takes the model path, so both paths always send the same JSON, semantically.
/// </summary>
internal static partial class RawMailMerge
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The merged body, or null when only the model-based merge may handle this body.</summary>
    public static byte[]? TryMerge(ReadOnlySpan<byte> json, string portalId, string messageId, PortalDefaults defaults, out bool sandbox)
    {
        sandbox = false;
        var members = new Members();
        if (!members.Scan(json))
        {
            return null;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(json.Length + 512);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Context.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            for (var i = 0; i < members.Count; i++)
            {
                var (kind, name, value) = members[i];
                var raw = json[value];
                switch (kind)
                {
                    case Member.Personalizations:
                        WritePersonalizations(writer, raw, portalId, messageId);
                        break;
                    case Member.Headers:
                        WriteHeaders(writer, raw, defaults);
                        break;
                    case Member.Categories:
                        WriteCategories(writer, raw, defaults);
                        break;
                    case Member.MailSettings:
                        sandbox = WriteMailSettings(writer, raw, defaults);
                        break;
                    case Member.TrackingSettings:
                        WriteTracking(writer, raw, defaults);
                        break;
                    default:
                        writer.WritePropertyName(json[name]);
                        CopyValue(writer, raw);
                        break;
                }
            }

            WriteMissing(writer, members, defaults, ref sandbox);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Members the merge adds when the body has none of its own, as the model path does.</summary>
    private static void WriteMissing(Utf8JsonWriter writer, Members members, PortalDefaults defaults, ref bool sandbox)
    {
        if (!members.Has(Member.From) && defaults.From is not null)
        {
            writer.WritePropertyName("from"u8);
            JsonSerializer.Serialize(writer, defaults.From, WireJson.Context.EmailAddress);
        }

        if (!members.Has(Member.ReplyTo) && !members.Has(Member.ReplyToList) && defaults.ReplyTo is not null)
        {
            writer.WritePropertyName("reply_to"u8);
            JsonSerializer.Serialize(writer, defaults.ReplyTo, WireJson.Context.EmailAddress);
        }

        if (!members.Has(Member.Categories) && defaults.Categories is { Count: > 0 })
        {
            WriteCategoryList(writer, MergeCategories([], defaults.Categories));
        }

        if (!members.Has(Member.IpPoolName) && defaults.IpPoolName is not null)
        {
            writer.WriteString("ip_pool_name"u8, defaults.IpPoolName);
        }

        if (!members.Has(Member.Headers))
        {
            WriteHeaders(writer, default, defaults);
        }

        if (!members.Has(Member.MailSettings))
        {
            sandbox = WriteMailSettings(writer, default, defaults);
        }

        if (!members.Has(Member.TrackingSettings))
        {
            WriteTracking(writer, default, defaults);
        }
    }
}
