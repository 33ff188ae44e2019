using System.Collections.Concurrent;
using SendGrid;

namespace OrleansNotify.SendGrid;

/// <summary>A portal's SDK client and the fingerprint of its key (for the rate-limit registry).</summary>
internal sealed record PortalClient(SendGridClient Sdk, string Fingerprint);

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
            new PortalClient(new SendGridClient(http, new SendGridClientOptions { ApiKey = k.ApiKey, Host = k.Host }), ApiKeyFingerprint.Of(k.ApiKey)), http);
    }
}
