using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>SendGrid's error body: every failing field is listed.</summary>
public sealed record SendGridErrorResponse
{
    [JsonPropertyName("errors")] public required IReadOnlyList<SendGridError> Errors { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
}

/// <summary>One failure: <c>field</c> is a path such as <c>personalizations.0.to.1.email</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record SendGridError
{
    [Id(0), JsonPropertyName("message")] public required string Message { get; init; }
    [Id(1), JsonPropertyName("field")] public string? Field { get; init; }
    [Id(2), JsonPropertyName("help")] public string? Help { get; init; }
}
