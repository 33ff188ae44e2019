using System.Text.Json;

namespace OrleansNotify.SendGrid.RawMerge;

internal static partial class RawMailMerge
{
    /// <summary>The top-level members the merge treats specially; everything else is copied.</summary>
    private enum Member { Other, Personalizations, From, ReplyTo, ReplyToList, Categories, IpPoolName, Headers, MailSettings, TrackingSettings }

    /// <summary>Where each top-level member of a body is, in body order; filled by one checked scan.</summary>
    private sealed class Members
    {
        // MailSendRequest has 18 members and duplicates are refused, so this never overflows.
        private readonly (Member Kind, Range Name, Range Value)[] _items = new (Member, Range, Range)[24];
        private int _count;
        private int _present;

        public bool Has(Member kind) => (_present & (1 << (int)kind)) != 0;

        public int Count => _count;

        public (Member Kind, Range Name, Range Value) this[int index] => _items[index];

        public bool Scan(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueIsEscaped || _count == _items.Length)
                    {
                        return false;
                    }

                    var nameStart = (int)reader.TokenStartIndex + 1;
                    var name = nameStart..(nameStart + reader.ValueSpan.Length);
                    var schema = MailSchema.Mail.Member(reader.ValueSpan);
                    if (schema is null || IsDuplicate(json, name))
                    {
                        return false;
                    }

                    var kind = KindOf(reader.ValueSpan);
                    reader.Read();
                    var valueStart = (int)reader.TokenStartIndex;
                    if (!schema.Accepts(ref reader, json))
                    {
                        return false;
                    }

                    _items[_count++] = (kind, name, valueStart..(int)reader.BytesConsumed);
                    _present |= 1 << (int)kind;
                }

                // One object and nothing after it, as the model's reader requires.
                return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private bool IsDuplicate(ReadOnlySpan<byte> json, Range name)
        {
            for (var i = 0; i < _count; i++)
            {
                if (json[_items[i].Name].SequenceEqual(json[name]))
                {
                    return true;
                }
            }

            return false;
        }

        private static Member KindOf(ReadOnlySpan<byte> name) => name switch
        {
            _ when name.SequenceEqual("personalizations"u8) => Member.Personalizations,
            _ when name.SequenceEqual("from"u8) => Member.From,
            _ when name.SequenceEqual("reply_to"u8) => Member.ReplyTo,
            _ when name.SequenceEqual("reply_to_list"u8) => Member.ReplyToList,
            _ when name.SequenceEqual("categories"u8) => Member.Categories,
            _ when name.SequenceEqual("ip_pool_name"u8) => Member.IpPoolName,
            _ when name.SequenceEqual("headers"u8) => Member.Headers,
            _ when name.SequenceEqual("mail_settings"u8) => Member.MailSettings,
            _ when name.SequenceEqual("tracking_settings"u8) => Member.TrackingSettings,
            _ => Member.Other,
        };
    }
}
