using OrleansNotify.Mail;

namespace OrleansNotify.Events;

/// <summary>
/// What a portal does with one event type: render one of its templates (<see cref="TemplateId"/>), or
/// let SendGrid render a dynamic template (<see cref="SendGridTemplateId"/>, <c>sendgrid</c> portals).
/// Recipients: <see cref="RecipientsPath"/> (e.g. <c>data.owner.email</c>), else the fixed
/// <see cref="RecipientList"/>, else the event's own recipients.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventRule
{
    [Id(0)] public string? TemplateId { get; init; }
    [Id(1)] public string? SendGridTemplateId { get; init; }
    [Id(2)] public string? RecipientsPath { get; init; }
    [Id(3)] public IReadOnlyList<string>? RecipientList { get; init; }
    /// <summary>The sender; default: the portal's default from address.</summary>
    [Id(4)] public EmailAddress? From { get; init; }
    /// <summary>Categories added to every message of the rule (SendGrid's limits apply).</summary>
    [Id(5)] public IReadOnlyList<string>? Categories { get; init; }
}
