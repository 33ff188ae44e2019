using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>Source-generated JSON for SendGrid's wire format (snake_case names, nulls left out).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(MailSendRequest))]
[JsonSerializable(typeof(SendGridErrorResponse))]
public sealed partial class MailJsonContext : JsonSerializerContext;
