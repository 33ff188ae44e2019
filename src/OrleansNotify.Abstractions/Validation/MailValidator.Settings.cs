using System.Text;
using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

public static partial class MailValidator
{
    /// <summary>
    /// custom_args of the message and of each personalization are merged into every email, so their
    /// total per personalization must stay under 10,000 bytes, less the room for our own id args.
    /// </summary>
    private static void CheckCustomArgs(MailSendRequest mail, ref ErrorList errors)
    {
        const int limit = MailLimits.MaxCustomArgBytes - MailLimits.ReservedCustomArgBytes;
        var messageBytes = Utf8Size(mail.CustomArgs);
        if (messageBytes >= limit)
        {
            errors.Add("custom_args", CustomArgsMessage(messageBytes, limit), Help("custom_args"));
            return;
        }

        var personalizations = mail.Personalizations;
        for (var i = 0; personalizations is not null && i < personalizations.Count; i++)
        {
            var total = messageBytes + Utf8Size(personalizations[i]?.CustomArgs);
            if (total >= limit)
            {
                errors.Add($"personalizations.{i}.custom_args", CustomArgsMessage(total, limit), Help("custom_args"));
            }
        }
    }

    private static string CustomArgsMessage(int bytes, int limit) =>
        $"custom_args of the message and the personalization take {bytes} bytes together; they must stay under {limit} bytes (SendGrid's 10,000 less {MailLimits.ReservedCustomArgBytes} for the notify_* ids).";

    private static int Utf8Size(IReadOnlyDictionary<string, string>? args)
    {
        var bytes = 0;
        // JSON gives a Dictionary: enumerate it as one so the struct enumerator is not boxed.
        if (args is Dictionary<string, string> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                bytes += Utf8Length(key) + Utf8Length(value);
            }
        }
        else if (args is not null)
        {
            foreach (var (key, value) in args)
            {
                bytes += Utf8Length(key) + Utf8Length(value);
            }
        }

        return bytes;
    }

    private static void CheckSendAt(long? sendAt, int personalization, MailValidationContext context, ref ErrorList errors)
    {
        if (sendAt is not { } seconds)
        {
            return;
        }

        var now = context.Now.ToUnixTimeSeconds();
        var latest = now + (long)MailLimits.MaxScheduleAhead.TotalSeconds;
        var earliest = now - (long)MailLimits.MaxScheduleBehind.TotalSeconds;
        if (seconds > latest || seconds < earliest)
        {
            var field = personalization < 0 ? "send_at" : $"personalizations.{personalization}.send_at";
            var message = seconds > latest
                ? $"send_at is Unix seconds and may be at most 72 hours ahead (no later than {latest})."
                : $"send_at is Unix seconds and may be at most 72 hours in the past, which means 'now' (no earlier than {earliest}).";
            errors.Add(field, message, Help("send_at"));
        }
    }

    /// <summary>ip_pool_name, asm and batch_id: how and when SendGrid delivers.</summary>
    private static void CheckDelivery(MailSendRequest mail, ref ErrorList errors)
    {
        if (mail.IpPoolName is { } pool && !IsValidIpPoolName(pool))
        {
            errors.Add("ip_pool_name", $"ip_pool_name must be {MailLimits.MinIpPoolNameLength} to {MailLimits.MaxIpPoolNameLength} printable ASCII characters.", Help("ip_pool_name"));
        }

        if (mail.Asm is { } asm)
        {
            if (asm.GroupId <= 0)
            {
                errors.Add("asm.group_id", "asm.group_id must be a positive unsubscribe group id.", Help("asm.group_id"));
            }

            if (asm.GroupsToDisplay is { Count: > MailLimits.MaxGroupsToDisplay })
            {
                errors.Add("asm.groups_to_display", $"asm.groups_to_display may list at most {MailLimits.MaxGroupsToDisplay} groups.", Help("asm.groups_to_display"));
            }
        }

        if (mail.BatchId is { } batch && (batch.Length == 0 || !TextRules.IsPrintableAscii(batch)))
        {
            errors.Add("batch_id", "batch_id must be a non-empty printable ASCII id from /v3/mail/batch.", Help("batch_id"));
        }

        if (mail.TemplateId is { } template && TextRules.HasControlChar(template))
        {
            errors.Add("template_id", "template_id must not contain control characters.", Help("template_id"));
        }
    }

    /// <summary>2–64 printable ASCII characters (SendGrid's length limit; the pool itself must exist at SendGrid).</summary>
    public static bool IsValidIpPoolName(string name) =>
        name.Length is >= MailLimits.MinIpPoolNameLength and <= MailLimits.MaxIpPoolNameLength && TextRules.IsPrintableAscii(name);
}
