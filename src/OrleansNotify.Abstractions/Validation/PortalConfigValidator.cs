using OrleansNotify.Mail;
using OrleansNotify.Portals;

namespace OrleansNotify.Validation;

/// <summary>Validates a portal configuration; <c>field</c> is the camelCase path, e.g. <c>notifier.port</c>.</summary>
public static class PortalConfigValidator
{
    public static IReadOnlyList<SendGridError> Validate(PortalConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return []; // TODO: the rules of issue 4.
    }

    /// <summary>Portal ids are path segments and key prefixes: 1-64 of [A-Za-z0-9_-], starting with a letter or digit.</summary>
    public static bool IsValidPortalId(string? portalId) => !string.IsNullOrEmpty(portalId) && portalId.Length <= 64
        && char.IsAsciiLetterOrDigit(portalId[0])
        && portalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
