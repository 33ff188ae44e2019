using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansNotify.Testing.SendGrid;

/// <summary>
/// A SendGrid Web API v3 double on a loopback port, behaving as the documentation says:
/// <c>POST /v3/mail/send</c>, <c>GET /v3/scopes</c>, <c>GET /v3/ips/pools</c>. Thread-safe and lean
/// enough to be the target of benchmarks and cluster load tests; records every request.
/// </summary>
public sealed partial class FakeSendGridServer : IAsyncDisposable
{
    public const string DefaultApiKey = "SG.fake-key.default";
    public const string PoolsReadScope = "ips.pools.read";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string[]> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<FakeSendGridReply> _scripts = [];
    private int _scriptCount;

    private FakeSendGridServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        AddKey(DefaultApiKey, "mail.send", PoolsReadScope);
    }

    /// <summary><c>http://127.0.0.1:port</c>, to put in a portal's <c>BaseUrl</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Bodies larger than this get 413. Default: SendGrid's 30 MB.</summary>
    public long MaxRequestBytes { get; set; } = 30_000_000;

    /// <summary>Keep every request (headers, body) for assertions. Benchmarks switch it off.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>The IP pools of the account, as <c>GET /v3/ips/pools</c> lists them.</summary>
    public ConcurrentDictionary<string, bool> IpPools { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    public IEnumerable<RecordedRequest> MailSends => _requests.Where(r => r.Path == "/v3/mail/send");

    /// <summary>mail/send calls answered 202 or 200, and the personalizations (emails) they carried.</summary>
    public long AcceptedCalls => Interlocked.Read(ref _acceptedCalls);

    public long AcceptedPersonalizations => Interlocked.Read(ref _acceptedPersonalizations);

    private long _acceptedCalls;
    private long _acceptedPersonalizations;

    public static async Task<FakeSendGridServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.AddServerHeader = false;
            // The 30 MB rule is ours to answer with SendGrid's 413, not Kestrel's.
            o.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        FakeSendGridServer? server = null;
        app.MapPost("/v3/mail/send", ctx => server!.MailSendAsync(ctx));
        app.MapGet("/v3/scopes", ctx => server!.ScopesAsync(ctx));
        app.MapGet("/v3/ips/pools", ctx => server!.PoolsAsync(ctx));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeSendGridServer(app, address.TrimEnd('/'));
        return server;
    }

    /// <summary>Accepts <paramref name="apiKey"/> with the given scopes (none: a key that can do nothing).</summary>
    public void AddKey(string apiKey, params string[] scopes) => _keys[apiKey] = scopes;

    /// <summary>The next matching mail/send call(s) get this reply instead of the normal one.</summary>
    public void Script(FakeSendGridReply reply)
    {
        lock (_scripts)
        {
            _scripts.Add(reply);
            _scriptCount = _scripts.Count;
        }
    }

    public void ClearRequests() => _requests.Clear();

    /// <summary>Polls until SendGrid "accepted" at least <paramref name="count"/> emails, or throws on timeout.</summary>
    public async Task WaitForAcceptedPersonalizationsAsync(long count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (AcceptedPersonalizations < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The fake SendGrid accepted {AcceptedPersonalizations} of {count} emails within {timeout}.");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private FakeSendGridReply? TakeScript(string apiKey)
    {
        if (Volatile.Read(ref _scriptCount) == 0)
        {
            return null;
        }

        lock (_scripts)
        {
            var index = _scripts.FindIndex(s => s.ForApiKey is null || s.ForApiKey == apiKey);
            if (index < 0)
            {
                return null;
            }

            var reply = _scripts[index];
            if (reply.Times <= 1)
            {
                _scripts.RemoveAt(index);
            }
            else
            {
                _scripts[index] = reply with { Times = reply.Times - 1 };
            }

            _scriptCount = _scripts.Count;
            return reply;
        }
    }

    /// <summary>The key's scopes, or null when the Authorization header names no known key.</summary>
    private string[]? Authenticate(HttpContext context, out string apiKey)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        apiKey = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..].Trim() : "";
        return _keys.TryGetValue(apiKey, out var scopes) ? scopes : null;
    }

    private void Record(HttpContext context, byte[] body, int status, string? messageId)
    {
        if (!RecordRequests)
        {
            return;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body, status, messageId)
        {
            ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp(),
        });
    }
}
