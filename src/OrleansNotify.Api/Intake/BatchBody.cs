using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansNotify.Api.Http;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Intake;

/// <summary>
/// Splits a batch body (a JSON array) into each item's own bytes, which become that message's stored
/// body exactly as sent, and parses one item. Errors in an item name it as <c>[i]</c> or <c>[i].field</c>.
/// </summary>
public static class BatchBody
{
    /// <summary>The items' bytes, or an error for the request as a whole (not an array, broken JSON, empty, too many).</summary>
    public static List<byte[]>? Split(byte[] body, int maxItems, out JsonHttpResult<SendGridErrorResponse>? error)
    {
        error = null;
        var items = new List<byte[]>();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                error = ApiErrors.BadRequest("The request body must be a JSON array of mail/send bodies.", null);
                return null;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (items.Count == maxItems)
                {
                    error = ApiErrors.BadRequest($"A batch holds at most {maxItems} messages.", null);
                    return null;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                items.Add(body.AsSpan(start, (int)reader.BytesConsumed - start).ToArray());
            }

            // Anything after the closing bracket other than whitespace makes the reader throw here.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            error = ApiErrors.BadRequest(
                $"The request body is not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}.", null);
            return null;
        }

        if (items.Count == 0)
        {
            error = ApiErrors.BadRequest("A batch holds at least one message.", null);
            return null;
        }

        return items;
    }

    /// <summary>One item as SendGrid's model; a non-object or a value of the wrong type adds an error instead.</summary>
    public static MailSendRequest? ParseItem(byte[] item, int index, List<SendGridError> errors)
    {
        if (item[0] != (byte)'{')
        {
            errors.Add(new SendGridError { Message = "Each batch item must be a mail/send JSON object.", Field = ItemField(index, null) });
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(item, MailJsonContext.Default.MailSendRequest);
        }
        catch (JsonException e)
        {
            errors.Add(new SendGridError { Message = "The item has a value of the wrong type.", Field = ItemField(index, e.Path) });
            return null;
        }
    }

    /// <summary><c>[i]</c>, <c>[i].subject</c> from <c>subject</c> or the serializer's <c>$.subject</c>.</summary>
    public static string ItemField(int index, string? field) => field switch
    {
        null or "" or "$" => $"[{index}]",
        ['$', ..] => $"[{index}]{field[1..]}",
        _ => $"[{index}].{field}",
    };
}
