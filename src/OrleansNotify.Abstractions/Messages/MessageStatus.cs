using System.Text.Json.Serialization;

namespace OrleansNotify.Messages;

/// <summary>Where a message is in its life. Only the portal grain changes it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageStatus>))]
public enum MessageStatus
{
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("sending")] Sending,
    [JsonStringEnumMemberName("sent")] Sent,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    /// <summary>Every recipient was on the portal's suppression list.</summary>
    [JsonStringEnumMemberName("suppressed")] Suppressed,
}

public static class MessageStatusExtensions
{
    /// <summary>Final states never change again.</summary>
    public static bool IsFinal(this MessageStatus status) =>
        status is MessageStatus.Sent or MessageStatus.Failed or MessageStatus.Cancelled or MessageStatus.Suppressed;
}
