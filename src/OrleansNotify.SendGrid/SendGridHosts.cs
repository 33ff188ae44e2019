using OrleansNotify.Portals;

namespace OrleansNotify.SendGrid;

/// <summary>Which SendGrid host a portal talks to. The SDK appends <c>/v3/</c> itself, so hosts carry no path.</summary>
public static class SendGridHosts
{
    public const string Global = "https://api.sendgrid.com";
    public const string Europe = "https://api.eu.sendgrid.com";

    /// <summary>The portal's override (a test double, a proxy), else the host of its data-residency region.</summary>
    public static string For(NotifierConfig notifier)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        if (!string.IsNullOrWhiteSpace(notifier.BaseUrl))
        {
            var url = notifier.BaseUrl.Trim().TrimEnd('/');
            // Accept an override written with the version path, as SendGrid's docs print URLs.
            return url.EndsWith("/v3", StringComparison.OrdinalIgnoreCase) ? url[..^3] : url;
        }

        return string.Equals(notifier.Region?.Trim(), "eu", StringComparison.OrdinalIgnoreCase) ? Europe : Global;
    }
}
