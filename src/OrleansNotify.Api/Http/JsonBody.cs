using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Http;

/// <summary>Deserialises a body with a source-generated type; broken JSON becomes a 400 that says where.</summary>
public static class JsonBody
{
    public static T? Parse<T>(byte[] body, JsonTypeInfo<T> typeInfo, out JsonHttpResult<SendGridErrorResponse>? error)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo);
            error = value is null ? ApiErrors.BadRequest("The request body must be a JSON object.", null) : null;
            return value;
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine are zero-based; people count from one.
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            // The serializer wraps reader (syntax) errors; a bare JsonException is a value of the wrong type.
            var what = e.InnerException is null ? "has a value of the wrong type" : "is not valid JSON";
            error = ApiErrors.BadRequest($"The request body {what} at line {line}, position {position}.", e.Path);
            return null;
        }
    }
}
