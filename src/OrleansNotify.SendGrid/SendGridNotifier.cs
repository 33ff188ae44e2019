using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.SendGrid.Batching;

namespace OrleansNotify.SendGrid;

/// <summary>
/// Delivers through SendGrid's Web API v3 with the official SDK. The SDK only makes the request; this
/// class batches compatible messages, honours 429 pauses per API key and maps every reply to an outcome.
/// </summary>
public sealed partial class SendGridNotifier : INotifier
{
    private readonly SendGridClients _clients;
    private readonly RateLimitRegistry _rateLimits;
    private readonly TimeProvider _time;
    private readonly SendGridNotifierOptions _options;
    private readonly ILogger<SendGridNotifier> _logger;

    public SendGridNotifier(
        IHttpClientFactory httpClientFactory,
        RateLimitRegistry rateLimits,
        TimeProvider time,
        IOptions<SendGridNotifierOptions> options,
        ILogger<SendGridNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        // One HttpClient over the silo's one connection pool, shared by every portal's SendGridClient.
        _clients = new SendGridClients(httpClientFactory.CreateClient(SendGridNotifierOptions.HttpClientName));
        _rateLimits = rateLimits;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(SendJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var notifier = job.Portal.Notifier;
        if (string.IsNullOrWhiteSpace(notifier?.ApiKey))
        {
            return job.Messages.Select(m => SendOutcome.For(m.MessageId, SendResult.Misconfigured, "The portal has no SendGrid API key.")).ToArray();
        }

        var client = _clients.For(SendGridHosts.For(notifier), notifier.ApiKey);
        var (calls, rejected) = MessageBatcher.Plan(job, _options);
        if (calls.Count == 1 && rejected.Count == 0)
        {
            return await SendCallAsync(client, job.PortalId, calls[0], splitOn400: true, cancellationToken).ConfigureAwait(false);
        }

        var results = new IReadOnlyList<SendOutcome>[calls.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentCallsPerJob), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, calls.Count), parallel, async (i, ct) =>
            results[i] = await SendCallAsync(client, job.PortalId, calls[i], splitOn400: true, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. rejected, .. results.SelectMany(r => r)];
    }

    private async Task<IReadOnlyList<SendOutcome>> SendCallAsync(PortalClient client, string portalId, SendCall call, bool splitOn400, CancellationToken cancellationToken)
    {
        if (_rateLimits.PausedUntil(client.Fingerprint) is { } pausedUntil)
        {
            // Another portal (or an earlier call) with this key hit SendGrid's limit: do not spend a call.
            var paused = new CallResult(SendResult.RateLimited, $"Paused: SendGrid rate limit for this API key until {pausedUntil:O}.", RetryAt: pausedUntil);
            return call.Messages.Select(m => paused.For(m.MessageId)).ToArray();
        }

        var result = await PostAsync(client, portalId, call, cancellationToken).ConfigureAwait(false);
        if (result.Result == SendResult.RateLimited && result.RetryAt is { } until)
        {
            _rateLimits.Pause(client.Fingerprint, until);
            LogRateLimited(_logger, portalId, ApiKeyFingerprint.Short(client.Fingerprint), until);
        }

        if (splitOn400 && result.Errors is { Count: > 0 } errors && call.Messages.Count > 1)
        {
            return await RetryWithoutFaultyAsync(client, portalId, call, result, errors, cancellationToken).ConfigureAwait(false);
        }

        return call.Messages.Select(m => result.For(m.MessageId)).ToArray();
    }

    private async Task<CallResult> PostAsync(PortalClient client, string portalId, SendCall call, CancellationToken cancellationToken)
    {
        if (client.MailSend is null)
        {
            return new CallResult(SendResult.Misconfigured, "The portal's SendGrid base URL is not a valid absolute URL.");
        }

        global::SendGrid.Response response;
        try
        {
            // The SDK's MakeRequest sends what RequestAsync would build, from UTF-8 bytes we already
            // hold: RequestAsync takes a string (a UTF-16 round trip) and parses its URL on every call.
            using var request = MailSendRequestMessage(client, call.ToUtf8Json());
            response = await client.Sdk.MakeRequest(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTransient(_logger, portalId, "timeout");
            return new CallResult(SendResult.Transient, $"SendGrid did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s; will retry.");
        }
        catch (HttpRequestException ex)
        {
            LogTransient(_logger, portalId, ex.HttpRequestError.ToString());
            return new CallResult(SendResult.Transient, $"Could not reach SendGrid ({ex.HttpRequestError}); will retry.");
        }
        catch (UriFormatException)
        {
            return new CallResult(SendResult.Misconfigured, "The portal's SendGrid base URL is not a valid absolute URL.");
        }

        using var content = response.Body;
        var code = (int)response.StatusCode;
        var body = code is 202 or 200 || content is null ? null : await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var result = SendGridResponses.Map(response.StatusCode, response.Headers, body, call.IsSandbox, _time.GetUtcNow(), _options.RateLimitFallback);
        if (result.Result is SendResult.Misconfigured or SendResult.Permanent or SendResult.Transient)
        {
            LogRefused(_logger, portalId, code, result.Result, call.Messages.Count);
        }

        return result;
    }

    private static HttpRequestMessage MailSendRequestMessage(PortalClient client, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, client.MailSend)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } },
        };
        request.Headers.Authorization = client.Authorization;
        request.Headers.UserAgent.Add(PortalClient.UserAgent);
        request.Headers.Accept.Add(JsonAccept);
        return request;
    }

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeWithQualityHeaderValue JsonAccept = new("application/json");

    /// <summary>
    /// A 400 on a batched call: errors on <c>personalizations.N</c> belong to one message, which fails;
    /// the others go again once. An error on a shared field fails all, since all share it.
    /// </summary>
    private async Task<IReadOnlyList<SendOutcome>> RetryWithoutFaultyAsync(
        PortalClient client, string portalId, SendCall call, CallResult result, IReadOnlyList<Mail.SendGridError> errors, CancellationToken cancellationToken)
    {
        var faulty = new Dictionary<string, List<Mail.SendGridError>>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            var owner = PersonalizationIndex(error.Field) is { } index ? call.OwnerOf(index) : null;
            if (owner is null)
            {
                return call.Messages.Select(m => result.For(m.MessageId)).ToArray();
            }

            (faulty.TryGetValue(owner.MessageId, out var list) ? list : faulty[owner.MessageId] = []).Add(error);
        }

        var outcomes = new List<SendOutcome>(call.Messages.Count);
        foreach (var (messageId, own) in faulty)
        {
            outcomes.Add(SendOutcome.For(messageId, SendResult.Permanent, "SendGrid refused the message (400): " + SendGridResponses.Describe(own, null)));
        }

        var rest = call.Messages.Where(m => !faulty.ContainsKey(m.MessageId)).ToArray();
        if (rest.Length > 0)
        {
            outcomes.AddRange(await SendCallAsync(client, portalId, new SendCall(rest), splitOn400: false, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private static int? PersonalizationIndex(string? field)
    {
        const string prefix = "personalizations.";
        if (field is null || !field.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = field.AsSpan(prefix.Length);
        var dot = rest.IndexOf('.');
        return int.TryParse(dot < 0 ? rest : rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    [LoggerMessage(1, LogLevel.Warning, "SendGrid rate limit for portal {PortalId} (key {KeyFingerprint}): every portal with this key pauses until {Until}")]
    private static partial void LogRateLimited(ILogger logger, string portalId, string keyFingerprint, DateTimeOffset until);

    [LoggerMessage(2, LogLevel.Warning, "SendGrid call for portal {PortalId} failed before a reply ({Reason}); will retry")]
    private static partial void LogTransient(ILogger logger, string portalId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "SendGrid answered {Status} for portal {PortalId} ({Result}, {Messages} message(s))")]
    private static partial void LogRefused(ILogger logger, string portalId, int status, SendResult result, int messages);
}
