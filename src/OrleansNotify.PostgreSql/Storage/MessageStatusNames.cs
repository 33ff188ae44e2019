using OrleansNotify.Messages;

namespace OrleansNotify.PostgreSql.Storage;

/// <summary>
/// The status column holds MessageStatus' JSON names: readable in psql, and safe from a reordered enum.
/// </summary>
internal static class MessageStatusNames
{
    public static string ToName(MessageStatus status) => status switch
    {
        MessageStatus.Queued => "queued",
        MessageStatus.Scheduled => "scheduled",
        MessageStatus.Sending => "sending",
        MessageStatus.Sent => "sent",
        MessageStatus.Failed => "failed",
        MessageStatus.Cancelled => "cancelled",
        MessageStatus.Suppressed => "suppressed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown message status."),
    };

    public static MessageStatus Parse(string name) => name switch
    {
        "queued" => MessageStatus.Queued,
        "scheduled" => MessageStatus.Scheduled,
        "sending" => MessageStatus.Sending,
        "sent" => MessageStatus.Sent,
        "failed" => MessageStatus.Failed,
        "cancelled" => MessageStatus.Cancelled,
        "suppressed" => MessageStatus.Suppressed,
        _ => throw new InvalidOperationException($"Unknown message status '{name}' in notify_messages."),
    };
}
