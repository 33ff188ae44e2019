using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>An address with an optional display name, as SendGrid's <c>{"email","name"}</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record EmailAddress
{
    [Id(0), JsonPropertyName("email")] public string? Email { get; init; }
    [Id(1), JsonPropertyName("name")] public string? Name { get; init; }
}
