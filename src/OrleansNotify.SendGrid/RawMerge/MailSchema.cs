using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansNotify.Mail;

namespace OrleansNotify.SendGrid.RawMerge;

/// <summary>
/// The shape of <see cref="MailSendRequest"/> as JSON, read once from the model's
/// <see cref="JsonPropertyNameAttribute"/>s, so a stored body can be checked without building objects.
/// A body the raw merge copies must be one the model reads and writes back unchanged: no unknown or
/// duplicate members (the model drops them), no nulls (it omits them), no numbers a property cannot
/// hold (the model would refuse the body). Anything else goes to the model-based merge.
/// </summary>
internal sealed class MailSchema
{
    private enum Kind { Object, Array, StringMap, Free, String, Bool, Integer }

    private readonly Kind _kind;
    private readonly Type _clr;
    private MailSchema? _element;
    private (byte[] Name, MailSchema Schema)[] _members = [];

    private MailSchema(Kind kind, Type clr)
    {
        _kind = kind;
        _clr = clr;
    }

    /// <summary>The schema of a whole mail/send body.</summary>
    public static MailSchema Mail { get; } = For(typeof(MailSendRequest), []);

    /// <summary>The member schema of a top-level property, or null when the model has no such member.</summary>
    public MailSchema? Member(ReadOnlySpan<byte> name)
    {
        foreach (var (known, schema) in _members)
        {
            if (name.SequenceEqual(known))
            {
                return schema;
            }
        }

        return null;
    }

    /// <summary>True when the value at the reader (positioned on its first token) fits this schema exactly.</summary>
    public bool Accepts(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        switch (_kind)
        {
            case Kind.String:
                return reader.TokenType == JsonTokenType.String;
            case Kind.Bool:
                return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
            case Kind.Integer:
                return reader.TokenType == JsonTokenType.Number && (_clr == typeof(int) ? reader.TryGetInt32(out _) : reader.TryGetInt64(out _));
            case Kind.Free:
                // A JsonElement holds any JSON as it is; only a null at its top would be dropped.
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return false;
                }

                reader.Skip();
                return true;
            case Kind.Array:
                return AcceptsArray(ref reader, json);
            case Kind.StringMap:
                return AcceptsMap(ref reader, json);
            default:
                return AcceptsObject(ref reader, json);
        }
    }

    private bool AcceptsArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!_element!.Accepts(ref reader, json))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AcceptsMap(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        // Duplicate keys would collapse in the model's dictionary: compare each key with the earlier ones.
        Span<Range> seen = stackalloc Range[32];
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.HasValueSequence || count == seen.Length)
            {
                return false;
            }

            // The key's token with its quotes, so an escaped key can be decoded again below.
            var start = (int)reader.TokenStartIndex;
            var key = start..(start + reader.ValueSpan.Length + 2);
            foreach (var earlier in seen[..count])
            {
                if (SameKey(json[earlier], json[key]))
                {
                    return false;
                }
            }

            seen[count++] = key;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool SameKey(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.IndexOf((byte)'\\') < 0 && b.IndexOf((byte)'\\') < 0 ? a.SequenceEqual(b) : Decode(a) == Decode(b);

    private static string Decode(ReadOnlySpan<byte> quoted)
    {
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString()!;
    }

    private bool AcceptsObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var present = 0UL;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = reader.ValueIsEscaped ? -1 : IndexOf(reader.ValueSpan);
            if (index < 0 || (present & (1UL << index)) != 0)
            {
                return false;
            }

            present |= 1UL << index;
            if (!reader.Read() || !_members[index].Schema.Accepts(ref reader, json))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private int IndexOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < _members.Length; i++)
        {
            if (name.SequenceEqual(_members[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static MailSchema For(Type type, Dictionary<Type, MailSchema> made)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (made.TryGetValue(type, out var existing))
        {
            return existing;
        }

        if (type == typeof(string))
        {
            return new(Kind.String, type);
        }

        if (type == typeof(bool))
        {
            return new(Kind.Bool, type);
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new(Kind.Integer, type);
        }

        if (type == typeof(JsonElement))
        {
            return new(Kind.Free, type);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && type.GetGenericArguments()[1] == typeof(string))
        {
            return new(Kind.StringMap, type);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var array = new MailSchema(Kind.Array, type);
            made[type] = array;
            array._element = For(type.GetGenericArguments()[0], made);
            return array;
        }

        var schema = new MailSchema(Kind.Object, type);
        made[type] = schema;
        schema._members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .Select(p => (System.Text.Encoding.UTF8.GetBytes(p.Name!), For(p.Property.PropertyType, made)))
            .ToArray();
        if (schema._members.Length > 64)
        {
            throw new InvalidOperationException($"{type.Name} has more members than the duplicate check tracks.");
        }

        return schema;
    }
}
