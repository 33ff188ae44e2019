namespace OrleansNotify.Portals;

/// <summary>
/// How a portal delivers. One flat shape for every kind keeps validation per field simple; each kind
/// reads its own fields (see <see cref="NotifierKinds"/>). Secrets (<see cref="ApiKey"/>,
/// <see cref="Password"/>) are never returned or logged: see <see cref="PortalMasking"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NotifierConfig
{
    /// <summary><c>sendgrid</c>, <c>sendgrid-smtp</c>, <c>smtp</c> or <c>pickup</c>.</summary>
    [Id(0)] public string? Kind { get; init; }
    [Id(1)] public string? ApiKey { get; init; }
    /// <summary>SendGrid data residency: <c>global</c> (default) or <c>eu</c>.</summary>
    [Id(2)] public string? Region { get; init; }
    /// <summary>Overrides SendGrid's API host, e.g. for a test double.</summary>
    [Id(3)] public string? BaseUrl { get; init; }
    [Id(4)] public string? Host { get; init; }
    [Id(5)] public int? Port { get; init; }
    /// <summary><c>none</c>, <c>starttls</c> or <c>tls</c>.</summary>
    [Id(6)] public string? Security { get; init; }
    [Id(7)] public string? UserName { get; init; }
    [Id(8)] public string? Password { get; init; }
    /// <summary>For <c>pickup</c>: the folder that receives one .eml file per email.</summary>
    [Id(9)] public string? Folder { get; init; }
    /// <summary>For SMTP kinds: a PEM certificate or CA that the portal trusts for a private relay.</summary>
    [Id(10)] public string? TrustedCertificate { get; init; }
    /// <summary>For SMTP kinds: allow AUTH without TLS. Off unless the portal says so.</summary>
    [Id(11)] public bool AllowPlainTextAuth { get; init; }
}

/// <summary>The notifier kinds, as they appear in <see cref="NotifierConfig.Kind"/>.</summary>
public static class NotifierKinds
{
    public const string SendGrid = "sendgrid";
    public const string SendGridSmtp = "sendgrid-smtp";
    public const string Smtp = "smtp";
    public const string Pickup = "pickup";

    public static readonly IReadOnlyList<string> All = [SendGrid, SendGridSmtp, Smtp, Pickup];
}
