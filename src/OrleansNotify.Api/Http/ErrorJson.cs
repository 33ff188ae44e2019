using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansNotify.Api.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Http;

/// <summary>
/// SendGrid's error shape as our API writes it: <c>field</c> always (null when no field is to blame, as
/// SendGrid does), <c>help</c> only when there is a link, and no <c>id</c> (we have none to give). The
/// shared model keeps those members because SendGrid's own replies are read into it.
/// </summary>
internal static class ErrorJson
{
    public static JsonTypeInfo<SendGridErrorResponse> Response { get; } = Build();

    private static JsonTypeInfo<SendGridErrorResponse> Build()
    {
        var options = new JsonSerializerOptions(ApiJsonContext.Default.Options)
        {
            TypeInfoResolver = ApiJsonContext.Default.WithAddedModifier(OmitAbsentMembers),
        };
        options.MakeReadOnly();
        return (JsonTypeInfo<SendGridErrorResponse>)options.GetTypeInfo(typeof(SendGridErrorResponse));
    }

    private static void OmitAbsentMembers(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type == typeof(SendGridErrorResponse))
        {
            var id = typeInfo.Properties.Single(p => p.Name == "id");
            typeInfo.Properties.Remove(id);
        }
        else if (typeInfo.Type == typeof(SendGridError))
        {
            typeInfo.Properties.Single(p => p.Name == "help").ShouldSerialize = static (_, value) => value is not null;
        }
    }
}
