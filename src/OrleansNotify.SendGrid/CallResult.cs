using OrleansNotify.Mail;
using OrleansNotify.Notifiers;

namespace OrleansNotify.SendGrid;

/// <summary>How one API call ended; it becomes the outcome of every message the call carried.</summary>
internal sealed record CallResult(
    SendResult Result,
    string? Detail,
    string? ProviderMessageId = null,
    DateTimeOffset? RetryAt = null,
    IReadOnlyList<SendGridError>? Errors = null)
{
    public SendOutcome For(string messageId) => new()
    {
        MessageId = messageId,
        Result = Result,
        Detail = Detail,
        ProviderMessageId = ProviderMessageId,
        RetryAt = RetryAt,
    };
}
