using System.Collections.Concurrent;
using System.Net.Http.Headers;
using SendGrid;

namespace OrleansNotify.SendGrid;

/// <summary>
/// A portal's SDK client and the fingerprint of its key (for the rate-limit registry), with what each
/// mail/send request repeats worked out once: the URL (null when the host is not a valid absolute URL)
/// and the headers the SDK would set.
/// </summary>
internal sealed record PortalClient(SendGridClient Sdk, string Fingerprint, Uri? MailSend, AuthenticationHeaderValue Authorization)
{
    /// <summary>The SDK's own User-Agent, so SendGrid sees the same client either way.</summary>
    public static ProductInfoHeaderValue UserAgent { get; } = new("sendgrid", typeof(SendGridClient).Assembly.GetName().Version?.ToString(3) ?? "9");

    public static Uri? MailSendUrl(string host) =>
        Uri.TryCreate(host + "/v3/mail/send", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
}

/// <summary>
/// One <see cref="SendGridClient"/> per host and API key, cached: the SDK sets the key per request, so
/// all of them share one <see cref="HttpClient"/> and its pool. No SDK retry handler is involved — it
/// only exists when the SDK builds its own HttpClient.
/// </summary>
internal sealed class SendGridClients(HttpClient http)
{
    // Keys change rarely; the bound only stops a portal that cycles keys from growing this forever.
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<(string Host, string ApiKey), PortalClient> _clients = new();

    public PortalClient For(string host, string apiKey)
    {
        if (_clients.TryGetValue((host, apiKey), out var client))
        {
            return client;
        }

        if (_clients.Count >= MaxCached)
        {
            _clients.Clear();
        }

        return _clients.GetOrAdd((host, apiKey), static (k, http) =>
            new PortalClient(
                new SendGridClient(http, new SendGridClientOptions { ApiKey = k.ApiKey, Host = k.Host }),
                ApiKeyFingerprint.Of(k.ApiKey),
                PortalClient.MailSendUrl(k.Host),
                new AuthenticationHeaderValue("Bearer", k.ApiKey)), http);
    }
}
