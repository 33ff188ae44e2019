using OrleansNotify.Mail;
using OrleansNotify.Portals;

namespace OrleansNotify.Validation;

/// <summary>Validates a portal configuration; <c>field</c> is the camelCase path, e.g. <c>notifier.port</c>.</summary>
public static partial class PortalConfigValidator
{
    public const int MaxDisplayNameLength = 200;
    /// <summary>Upper bound of <c>throttle.perSecond</c>: far above what one portal grain can drive.</summary>
    public const double MaxPerSecond = 100_000;
    public const int MaxConcurrency = 256;

    public static IReadOnlyList<SendGridError> Validate(PortalConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        var errors = new ErrorList();
        if (config.DisplayName is { } name && (name.Length > MaxDisplayNameLength || TextRules.HasControlChar(name)))
        {
            errors.Add("displayName", $"displayName may have at most {MaxDisplayNameLength} characters and no control characters.");
        }

        CheckNotifier(config.Notifier, ref errors);
        CheckDefaults(config.Defaults, ref errors);
        CheckThrottle(config.Throttle, ref errors);
        CheckWebhook(config.Webhook, ref errors);
        return errors.ToList();
    }

    /// <summary>Portal ids are path segments and key prefixes: 1-64 of [A-Za-z0-9_-], starting with a letter or digit.</summary>
    public static bool IsValidPortalId(string? portalId) => !string.IsNullOrEmpty(portalId) && portalId.Length <= 64
        && char.IsAsciiLetterOrDigit(portalId[0])
        && portalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void CheckDefaults(PortalDefaults? defaults, ref ErrorList errors)
    {
        // JSON can say "defaults": null although the property has a default value.
        if (defaults is null)
        {
            errors.Add("defaults", "defaults must be an object when given.");
            return;
        }

        AddressRules.Check(defaults.From, "defaults.from.email", "defaults.from.name", ref errors);
        AddressRules.Check(defaults.ReplyTo, "defaults.replyTo.email", "defaults.replyTo.name", ref errors);
        CategoryRules.Check(defaults.Categories, "defaults.categories", ref errors);
        if (!Enum.IsDefined(defaults.DeliveryImportance))
        {
            errors.Add("defaults.deliveryImportance", "deliveryImportance must be high, normal or low.");
        }

        if (defaults.IpPoolName is { } pool && !MailValidator.IsValidIpPoolName(pool))
        {
            errors.Add("defaults.ipPoolName", $"ipPoolName must be {MailLimits.MinIpPoolNameLength} to {MailLimits.MaxIpPoolNameLength} printable ASCII characters.");
        }
    }

    private static void CheckThrottle(ThrottleSettings? throttle, ref ErrorList errors)
    {
        if (throttle is null)
        {
            errors.Add("throttle", "throttle must be an object when given.");
            return;
        }

        // The negated form also rejects NaN.
        if (!(throttle.PerSecond > 0 && throttle.PerSecond <= MaxPerSecond))
        {
            errors.Add("throttle.perSecond", $"perSecond must be above 0 and at most {MaxPerSecond:0}.");
        }

        if (throttle.Burst < 1)
        {
            errors.Add("throttle.burst", "burst must be at least 1.");
        }

        if (throttle.MaxConcurrency is < 1 or > MaxConcurrency)
        {
            errors.Add("throttle.maxConcurrency", $"maxConcurrency must be 1 to {MaxConcurrency}.");
        }

        if (throttle.DailyQuota is < 1)
        {
            errors.Add("throttle.dailyQuota", "dailyQuota must be null (no quota) or at least 1.");
        }
    }
}
