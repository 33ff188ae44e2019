using System.Security.Cryptography;
using System.Text.Json;

namespace OrleansNotify.SendGrid.Batching;

/// <summary>
/// Finds the top-level <c>personalizations</c> value in a stored body without building objects, so a
/// batch can be keyed by a hash of everything else. Byte equality is stricter than JSON equality: it
/// can only miss a merge, never merge messages that differ.
/// </summary>
internal static class RawBody
{
    private static ReadOnlySpan<byte> PersonalizationsName => "personalizations"u8;

    /// <summary>The value's range, or false for bodies that are not one object with one such property.</summary>
    public static bool TryFindPersonalizations(ReadOnlySpan<byte> json, out Range name, out Range value)
    {
        name = value = default;
        var found = false;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var isPersonalizations = reader.ValueTextEquals(PersonalizationsName);
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                if (isPersonalizations)
                {
                    if (found)
                    {
                        return false; // a duplicate property: leave such a body to the full parser alone
                    }

                    found = true;
                    name = nameStart..(int)reader.BytesConsumed;
                    value = valueStart..(int)reader.BytesConsumed;
                }
            }

            return found && reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>SHA-256 of the body with the personalizations property cut out, as a dictionary key.</summary>
    public static string KeyWithout(ReadOnlySpan<byte> json, Range cut)
    {
        var (offset, length) = cut.GetOffsetAndLength(json.Length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(json[..offset]);
        hash.AppendData(json[(offset + length)..]);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToBase64String(digest);
    }
}
