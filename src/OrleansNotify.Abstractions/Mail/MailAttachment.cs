using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>An attachment: <c>content</c> is base64; <c>content_id</c> makes it an inline part.</summary>
public sealed record MailAttachment
{
    [JsonPropertyName("content")] public string? Content { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("filename")] public string? Filename { get; init; }
    /// <summary><c>attachment</c> (default) or <c>inline</c>.</summary>
    [JsonPropertyName("disposition")] public string? Disposition { get; init; }
    [JsonPropertyName("content_id")] public string? ContentId { get; init; }
}
