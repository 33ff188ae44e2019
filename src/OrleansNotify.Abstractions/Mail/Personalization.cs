using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>One envelope of a mail/send request: its recipients and per-recipient values.</summary>
public sealed record Personalization
{
    [JsonPropertyName("to")] public IReadOnlyList<EmailAddress>? To { get; init; }
    [JsonPropertyName("cc")] public IReadOnlyList<EmailAddress>? Cc { get; init; }
    [JsonPropertyName("bcc")] public IReadOnlyList<EmailAddress>? Bcc { get; init; }
    [JsonPropertyName("from")] public EmailAddress? From { get; init; }
    [JsonPropertyName("subject")] public string? Subject { get; init; }
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }
    [JsonPropertyName("substitutions")] public IReadOnlyDictionary<string, string>? Substitutions { get; init; }
    [JsonPropertyName("dynamic_template_data")] public JsonElement? DynamicTemplateData { get; init; }
    [JsonPropertyName("custom_args")] public IReadOnlyDictionary<string, string>? CustomArgs { get; init; }
    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("send_at")] public long? SendAt { get; init; }
}
