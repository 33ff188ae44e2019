using System.Text.Json.Serialization;

namespace OrleansNotify.Mail;

/// <summary>A setting that is only switched on or off.</summary>
public sealed record EnableSetting
{
    [JsonPropertyName("enable")] public bool? Enable { get; init; }
}

public sealed record FooterSetting
{
    [JsonPropertyName("enable")] public bool? Enable { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("html")] public string? Html { get; init; }
}

/// <summary>SendGrid's <c>mail_settings</c>.</summary>
public sealed record MailSettings
{
    [JsonPropertyName("bypass_list_management")] public EnableSetting? BypassListManagement { get; init; }
    [JsonPropertyName("bypass_spam_management")] public EnableSetting? BypassSpamManagement { get; init; }
    [JsonPropertyName("bypass_bounce_management")] public EnableSetting? BypassBounceManagement { get; init; }
    [JsonPropertyName("bypass_unsubscribe_management")] public EnableSetting? BypassUnsubscribeManagement { get; init; }
    [JsonPropertyName("footer")] public FooterSetting? Footer { get; init; }
    [JsonPropertyName("sandbox_mode")] public EnableSetting? SandboxMode { get; init; }
}

/// <summary>SendGrid's <c>asm</c>: the unsubscribe group of the message.</summary>
public sealed record Asm
{
    [JsonPropertyName("group_id")] public int GroupId { get; init; }
    [JsonPropertyName("groups_to_display")] public IReadOnlyList<int>? GroupsToDisplay { get; init; }
}
