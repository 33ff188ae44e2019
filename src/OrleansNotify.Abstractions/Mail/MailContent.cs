using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>One body part: <c>type</c> is a MIME type such as text/plain or text/html.</summary>
public sealed record MailContent
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
}
