using OrleansNotify.Portals;

namespace OrleansNotify.Smtp.Connections;

/// <summary>
/// Everything a connection depends on: the key of a pool. Two portals with the same settings share
/// nothing but equal keys; a changed password or concurrency makes a new pool and the old one idles out.
/// </summary>
public sealed record SmtpEndpoint(
    string Host,
    int Port,
    SmtpSecurity Security,
    string? UserName,
    string? Password,
    string? TrustedCertificate,
    bool AllowPlainTextAuth,
    int PoolSize)
{
    public const string SendGridHost = "smtp.sendgrid.net";
    public const string SendGridUser = "apikey";

    /// <summary>Reads a portal's notifier; sendgrid-smtp fills in SendGrid's relay and <c>apikey</c> login.</summary>
    public static SmtpEndpoint FromPortal(PortalConfig portal, int defaultPoolSize)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var n = portal.Notifier ?? new NotifierConfig();
        var sendGrid = n.Kind == NotifierKinds.SendGridSmtp;
        var security = ParseSecurity(n.Security, n.Port);
        var port = n.Port ?? (security == SmtpSecurity.Tls ? 465 : sendGrid ? 587 : 25);
        var size = portal.Throttle.MaxConcurrency > 0 ? portal.Throttle.MaxConcurrency : defaultPoolSize;

        return new SmtpEndpoint(
            Host: string.IsNullOrWhiteSpace(n.Host) ? (sendGrid ? SendGridHost : "localhost") : n.Host,
            Port: port,
            Security: security,
            UserName: sendGrid ? SendGridUser : n.UserName,
            Password: sendGrid ? n.ApiKey ?? n.Password : n.Password,
            TrustedCertificate: n.TrustedCertificate,
            AllowPlainTextAuth: n.AllowPlainTextAuth,
            PoolSize: size);
    }

    private static SmtpSecurity ParseSecurity(string? security, int? port) => security?.ToLowerInvariant() switch
    {
        "tls" or "ssl" => SmtpSecurity.Tls,
        "none" => SmtpSecurity.None,
        "starttls" => SmtpSecurity.StartTls,
        // Unset: the port's convention, STARTTLS everywhere but 465.
        _ => port == 465 ? SmtpSecurity.Tls : SmtpSecurity.StartTls,
    };

    public bool HasCredentials => !string.IsNullOrEmpty(UserName);

    /// <summary>For logs and timelines: never the password.</summary>
    public override string ToString() => $"{Host}:{Port} ({Security})";
}
