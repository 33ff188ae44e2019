using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>
/// The body of SendGrid's <c>POST /v3/mail/send</c>, field for field: the canonical message that
/// callers submit, that the SendGrid notifier sends as it is and that the MIME builder translates.
/// </summary>
public sealed record MailSendRequest
{
    [JsonPropertyName("personalizations")] public IReadOnlyList<Personalization>? Personalizations { get; init; }
    [JsonPropertyName("from")] public EmailAddress? From { get; init; }
    [JsonPropertyName("reply_to")] public EmailAddress? ReplyTo { get; init; }
    [JsonPropertyName("reply_to_list")] public IReadOnlyList<EmailAddress>? ReplyToList { get; init; }
    [JsonPropertyName("subject")] public string? Subject { get; init; }
    [JsonPropertyName("content")] public IReadOnlyList<MailContent>? Content { get; init; }
    [JsonPropertyName("attachments")] public IReadOnlyList<MailAttachment>? Attachments { get; init; }
    [JsonPropertyName("template_id")] public string? TemplateId { get; init; }
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }
    [JsonPropertyName("sections")] public IReadOnlyDictionary<string, string>? Sections { get; init; }
    [JsonPropertyName("categories")] public IReadOnlyList<string>? Categories { get; init; }
    [JsonPropertyName("custom_args")] public IReadOnlyDictionary<string, string>? CustomArgs { get; init; }
    /// <summary>Unix seconds; at most 72 hours ahead.</summary>
    [JsonPropertyName("send_at")] public long? SendAt { get; init; }
    [JsonPropertyName("batch_id")] public string? BatchId { get; init; }
    [JsonPropertyName("asm")] public Asm? Asm { get; init; }
    [JsonPropertyName("ip_pool_name")] public string? IpPoolName { get; init; }
    [JsonPropertyName("mail_settings")] public MailSettings? MailSettings { get; init; }
    [JsonPropertyName("tracking_settings")] public TrackingSettings? TrackingSettings { get; init; }
}
