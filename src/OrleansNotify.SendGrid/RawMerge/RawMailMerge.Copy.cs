using System.Text.Json;

namespace OrleansNotify.SendGrid.RawMerge;

internal static partial class RawMailMerge
{
    /// <summary>
    /// Copies a value. Without a backslash it goes byte for byte; with escapes (a .NET client's default
    /// encoder writes &lt; and every non-ASCII character as \uXXXX) it is re-written token by token with
    /// the wire's relaxed escaping, as the model path would, so SendGrid gets the smaller body either way.
    /// </summary>
    private static void CopyValue(Utf8JsonWriter writer, ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return;
        }

        var reader = new Utf8JsonReader(raw, ReaderOptions);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName: WriteName(writer, ref reader); break;
                case JsonTokenType.String:
                    if (reader.ValueIsEscaped)
                    {
                        writer.WriteStringValue(reader.GetString());
                    }
                    else
                    {
                        writer.WriteStringValue(reader.ValueSpan);
                    }

                    break;
                default: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
            }
        }
    }

    private static void WriteName(Utf8JsonWriter writer, ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            writer.WritePropertyName(reader.GetString()!);
        }
        else
        {
            writer.WritePropertyName(reader.ValueSpan);
        }
    }
}
