using OrleansNotify.Portals;

namespace OrleansNotify.Mail;

/// <summary>
/// Merges a portal's defaults into a message just before it is sent, the same way for every notifier:
/// the message's own setting always wins; categories are the union (message first, at most 10); the
/// importance headers are added unless the message has its own; every personalization gets the
/// <c>notify_message_id</c> / <c>notify_portal_id</c> custom args that let webhook events find it.
/// </summary>
public static class PortalMerge
{
    public const string MessageIdArg = "notify_message_id";
    public const string PortalIdArg = "notify_portal_id";
    public const int MaxCategories = 10;

    public static MailSendRequest ApplyPortal(this MailSendRequest mail, string portalId, string messageId, PortalDefaults defaults)
    {
        var importance = ImportanceHeaders.Read(mail.Headers) ?? defaults.DeliveryImportance;

        return mail with
        {
            From = mail.From ?? defaults.From,
            ReplyTo = mail.ReplyTo ?? (mail.ReplyToList is null ? defaults.ReplyTo : null),
            Categories = MergeCategories(mail.Categories, defaults.Categories),
            IpPoolName = mail.IpPoolName ?? defaults.IpPoolName,
            Headers = WithImportance(mail.Headers, importance),
            MailSettings = MergeMailSettings(mail.MailSettings, defaults),
            TrackingSettings = MergeTracking(mail.TrackingSettings, defaults),
            Personalizations = mail.Personalizations?.Select(p => p with
            {
                CustomArgs = WithIds(p.CustomArgs, portalId, messageId),
            }).ToArray(),
        };
    }

    private static IReadOnlyList<string>? MergeCategories(IReadOnlyList<string>? own, IReadOnlyList<string>? defaults)
    {
        if (defaults is null || defaults.Count == 0)
        {
            return own;
        }

        return (own ?? []).Concat(defaults).Distinct(StringComparer.Ordinal).Take(MaxCategories).ToArray();
    }

    private static Dictionary<string, string> WithImportance(IReadOnlyDictionary<string, string>? headers, DeliveryImportance importance)
    {
        var merged = headers is null ? new Dictionary<string, string>(2) : new Dictionary<string, string>(headers);
        var hasOwn = merged.Keys.Any(k =>
            k.Equals(ImportanceHeaders.Importance, StringComparison.OrdinalIgnoreCase) ||
            k.Equals(ImportanceHeaders.XPriority, StringComparison.OrdinalIgnoreCase));
        if (!hasOwn)
        {
            merged[ImportanceHeaders.Importance] = ImportanceHeaders.ImportanceValue(importance);
            merged[ImportanceHeaders.XPriority] = ImportanceHeaders.XPriorityValue(importance);
        }

        return merged;
    }

    private static MailSettings? MergeMailSettings(MailSettings? own, PortalDefaults defaults)
    {
        if (own?.SandboxMode?.Enable is not null || !defaults.SandboxMode)
        {
            return own;
        }

        return (own ?? new MailSettings()) with { SandboxMode = new EnableSetting { Enable = true } };
    }

    private static TrackingSettings MergeTracking(TrackingSettings? own, PortalDefaults defaults)
    {
        own ??= new TrackingSettings();
        return own with
        {
            ClickTracking = new ClickTracking
            {
                Enable = own.ClickTracking?.Enable ?? defaults.ClickTracking,
                EnableText = own.ClickTracking?.EnableText ?? defaults.TextTracking,
            },
            OpenTracking = (own.OpenTracking ?? new OpenTracking()) with
            {
                Enable = own.OpenTracking?.Enable ?? defaults.OpenTracking,
            },
        };
    }

    private static Dictionary<string, string> WithIds(IReadOnlyDictionary<string, string>? args, string portalId, string messageId)
    {
        var merged = args is null ? new Dictionary<string, string>(2) : new Dictionary<string, string>(args);
        merged[MessageIdArg] = messageId;
        merged[PortalIdArg] = portalId;
        return merged;
    }

    /// <summary>True when the merged message is in sandbox mode.</summary>
    public static bool IsSandbox(this MailSendRequest mail) => mail.MailSettings?.SandboxMode?.Enable == true;
}
