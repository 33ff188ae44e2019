using OrleansNotify.Portals;

namespace OrleansNotify.Validation;

public static partial class PortalConfigValidator
{
    private static void CheckNotifier(NotifierConfig? notifier, ref ErrorList errors)
    {
        if (notifier is null)
        {
            errors.Add("notifier", "A notifier is required: kind is one of sendgrid, sendgrid-smtp, smtp, pickup.");
            return;
        }

        switch (notifier.Kind)
        {
            case NotifierKinds.SendGrid:
                RequireSecret(notifier.ApiKey, "notifier.apiKey", ref errors);
                if (notifier.Region is not (null or "global" or "eu"))
                {
                    errors.Add("notifier.region", "region must be global or eu (null means global).");
                }

                if (notifier.BaseUrl is not null && !IsHttpUrl(notifier.BaseUrl))
                {
                    errors.Add("notifier.baseUrl", "baseUrl must be an absolute http or https URL.");
                }

                break;
            case NotifierKinds.SendGridSmtp:
                RequireSecret(notifier.ApiKey, "notifier.apiKey", ref errors);
                CheckHostAndPort(notifier, required: false, ref errors);
                CheckSecurity(notifier.Security, required: false, ref errors);
                break;
            case NotifierKinds.Smtp:
                CheckHostAndPort(notifier, required: true, ref errors);
                CheckSecurity(notifier.Security, required: true, ref errors);
                CheckCredentials(notifier, ref errors);
                break;
            case NotifierKinds.Pickup:
                if (string.IsNullOrWhiteSpace(notifier.Folder) || TextRules.HasControlChar(notifier.Folder))
                {
                    errors.Add("notifier.folder", "A pickup notifier needs the folder that receives its .eml files.");
                }

                break;
            default:
                errors.Add("notifier.kind", "Unknown or missing notifier kind: kind is one of sendgrid, sendgrid-smtp, smtp, pickup.");
                break;
        }
    }

    // Secrets go into HTTP headers and SMTP commands: no whitespace or control characters. Never echoed.
    private static void RequireSecret(string? secret, string field, ref ErrorList errors)
    {
        if (string.IsNullOrEmpty(secret) || !IsToken(secret))
        {
            errors.Add(field, "A non-empty secret without spaces or control characters is required.");
        }
    }

    private static bool IsToken(string value) => !value.AsSpan().ContainsAnyExceptInRange('!', '~');

    private static void CheckHostAndPort(NotifierConfig notifier, bool required, ref ErrorList errors)
    {
        if (notifier.Host is null ? required : !IsHostName(notifier.Host))
        {
            errors.Add("notifier.host", "host must be a host name or IP address.");
        }

        if (notifier.Port is null ? required : notifier.Port is < 1 or > 65535)
        {
            errors.Add("notifier.port", "port must be 1 to 65535.");
        }
    }

    private static bool IsHostName(string host) =>
        Uri.CheckHostName(host) is not UriHostNameType.Unknown;

    private static void CheckSecurity(string? security, bool required, ref ErrorList errors)
    {
        if (security is null ? required : security is not ("none" or "starttls" or "tls"))
        {
            errors.Add("notifier.security", "security must be none, starttls or tls.");
        }
    }

    private static void CheckCredentials(NotifierConfig notifier, ref ErrorList errors)
    {
        var hasUser = !string.IsNullOrEmpty(notifier.UserName);
        var hasPassword = !string.IsNullOrEmpty(notifier.Password);
        if (hasUser && TextRules.HasControlChar(notifier.UserName))
        {
            errors.Add("notifier.userName", "userName must not contain control characters.");
        }

        if (hasPassword && TextRules.HasControlChar(notifier.Password))
        {
            errors.Add("notifier.password", "password must not contain control characters.");
        }

        if (hasUser != hasPassword)
        {
            errors.Add(hasUser ? "notifier.password" : "notifier.userName", "Give userName and password together, or neither.");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
