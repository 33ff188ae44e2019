namespace OrleansNotify.Validation;

/// <summary>The limits of one mail/send request (SendGrid's, see docs/sendgrid.md) and our own choices.</summary>
public static class MailLimits
{
    public const int MaxPersonalizations = 1000;
    /// <summary>to + cc + bcc over the whole request.</summary>
    public const int MaxRecipients = 1000;
    /// <summary>Subject, bodies and base64 attachments together must stay under 30 MB (30 × 1024 × 1024).</summary>
    public const long MaxTotalBytes = 30L * 1024 * 1024;
    public const int MaxCategories = 10;
    public const int MaxCategoryLength = 255;
    /// <summary>SendGrid's limit on message plus personalization custom_args, in UTF-8 bytes of keys and values.</summary>
    public const int MaxCustomArgBytes = 10_000;
    /// <summary>
    /// Room kept for the <c>notify_message_id</c> (32 hex chars) and <c>notify_portal_id</c> (up to 64 chars)
    /// args that every personalization gets before sending, so a message we accept never fails at SendGrid.
    /// </summary>
    public const int ReservedCustomArgBytes = 17 + 32 + 16 + 64;
    public const int MinIpPoolNameLength = 2;
    public const int MaxIpPoolNameLength = 64;
    public const int MaxGroupsToDisplay = 25;
    public const int MaxReplyToList = 1000;
    /// <summary>send_at may be at most 72 hours ahead (SendGrid).</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromHours(72);
    /// <summary>
    /// Our choice: a send_at in the past means "send now" (clock skew, a retried submission), but more than
    /// 72 hours back is a mistake (milliseconds read as seconds the other way, a stale replay) and rejected.
    /// </summary>
    public static readonly TimeSpan MaxScheduleBehind = TimeSpan.FromHours(72);
}
