using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OrleansNotify.Grains;

namespace OrleansNotify.Api.Security;

/// <summary>
/// Resolves the Bearer token of a request to the admin, a portal or nobody. The admin key is compared
/// in constant time (hash against hash); portal keys are checked by their portal grain, which keeps
/// only the SHA-256 of each secret, and verified keys are remembered briefly so the accept path does
/// not pay a grain call per message. Tokens are never logged.
/// </summary>
public sealed partial class ApiKeyAuthenticator(
    IGrainFactory grains, IOptions<NotifyApiOptions> options, TimeProvider time, ILogger<ApiKeyAuthenticator> logger)
{
    private const int MaxCachedKeys = 10_000;
    private readonly byte[]? _adminHash = string.IsNullOrEmpty(options.Value.AdminKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AdminKey));
    private readonly TimeSpan _cacheFor = options.Value.PortalKeyCacheDuration;
    private readonly ConcurrentDictionary<string, (string PortalId, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public async ValueTask<ApiCaller> AuthenticateAsync(HttpContext context)
    {
        var token = BearerToken(context.Request);
        if (token is null)
        {
            return ApiCaller.Anonymous;
        }

        var tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(tokenHash, _adminHash))
        {
            return ApiCaller.Admin;
        }

        if (!PortalKey.TryParse(token, out var key))
        {
            LogRejected(logger, "not an admin or portal key");
            return ApiCaller.Invalid;
        }

        var cacheKey = Convert.ToBase64String(tokenHash);
        var now = time.GetUtcNow();
        if (_verified.TryGetValue(cacheKey, out var entry) && entry.Until > now)
        {
            return new ApiCaller(CallerKind.Portal, entry.PortalId);
        }

        var valid = await grains.GetGrain<IPortalGrain>(key.PortalId).CheckKeyAsync(key.KeyId, key.SecretHash());
        if (!valid)
        {
            _verified.TryRemove(cacheKey, out _);
            LogRejected(logger, $"unknown key {key.KeyId} for portal {key.PortalId}");
            return ApiCaller.Invalid;
        }

        if (_cacheFor > TimeSpan.Zero)
        {
            if (_verified.Count >= MaxCachedKeys)
            {
                _verified.Clear();
            }

            _verified[cacheKey] = (key.PortalId, now + _cacheFor);
        }

        return new ApiCaller(CallerKind.Portal, key.PortalId);
    }

    /// <summary>Forgets every verified key of a portal (after it is deleted).</summary>
    public void Forget(string portalId)
    {
        foreach (var (cacheKey, entry) in _verified)
        {
            if (entry.PortalId == portalId)
            {
                _verified.TryRemove(cacheKey, out _);
            }
        }
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a bearer token: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
