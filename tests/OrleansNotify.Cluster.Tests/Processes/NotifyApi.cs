using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>The HTTP calls the scenarios make: portals with a <c>sendgrid</c> notifier aimed at the fake, and submissions.</summary>
internal sealed class NotifyApi(HttpClient http, string adminKey)
{
    private string? _lastError;

    /// <summary>The last refusal or transport error of a submission, for failure messages.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>A portal whose sendgrid notifier posts to <paramref name="sendGridBaseUrl"/>; returns its portal key.</summary>
    public async Task<string> CreatePortalAsync(Uri api, string portalId, string sendGridBaseUrl, string sendGridKey,
        double perSecond, int burst, int maxConcurrency, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["displayName"] = "Failover " + portalId,
            ["notifier"] = new JsonObject { ["kind"] = "sendgrid", ["apiKey"] = sendGridKey, ["baseUrl"] = sendGridBaseUrl },
            ["defaults"] = new JsonObject { ["from"] = new JsonObject { ["email"] = "cluster@example.com" } },
            ["throttle"] = new JsonObject { ["perSecond"] = perSecond, ["burst"] = burst, ["maxConcurrency"] = maxConcurrency },
        };
        using (var put = await SendAsync(HttpMethod.Put, new Uri(api, $"/v1/portals/{portalId}"), adminKey, body.ToJsonString(), null, cancellationToken))
        {
            await EnsureAsync(put, "PUT portal " + portalId, cancellationToken);
        }

        using var key = await SendAsync(HttpMethod.Post, new Uri(api, $"/v1/portals/{portalId}/keys"), adminKey, null, null, cancellationToken);
        await EnsureAsync(key, "POST key " + portalId, cancellationToken);
        using var doc = JsonDocument.Parse(await key.Content.ReadAsStringAsync(cancellationToken));
        return doc.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>
    /// One submission: the message id when accepted (202), null when refused or unreachable. The
    /// Idempotency-Key makes a retry after a lost reply safe: the same key gives the same message.
    /// </summary>
    public async Task<string?> SubmitAsync(Uri api, string portalId, string portalKey, string? idempotencyKey, string body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Post, new Uri(api, $"/v1/portals/{portalId}/messages"), portalKey, body, idempotencyKey, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                Volatile.Write(ref _lastError, $"{(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
                return null;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return doc.RootElement.GetProperty("messageId").GetString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _lastError, e.GetType().Name + ": " + e.Message);
            return null;
        }
    }

    /// <summary>SendGrid's mail/send with a portal key; returns the X-Message-Id when accepted.</summary>
    public async Task<string?> MailSendAsync(Uri api, string portalKey, string body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Post, new Uri(api, "/v3/mail/send"), portalKey, body, null, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.TryGetValues("X-Message-Id", out var ids))
            {
                return ids.First();
            }

            Volatile.Write(ref _lastError, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _lastError, e.GetType().Name + ": " + e.Message);
            return null;
        }
    }

    /// <summary>A one-recipient message; the subject names it so a failure message can point at it.</summary>
    public static string Message(string tag, int recipients = 1)
    {
        var personalizations = new JsonArray();
        for (var i = 0; i < recipients; i++)
        {
            personalizations.Add(new JsonObject
            {
                ["to"] = new JsonArray(new JsonObject { ["email"] = string.Create(CultureInfo.InvariantCulture, $"reader{i}@example.net") }),
            });
        }

        return new JsonObject
        {
            ["personalizations"] = personalizations,
            ["subject"] = "Failover " + tag,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Cluster test message " + tag }),
        }.ToJsonString();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, string key, string? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request, cancellationToken);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text[..Math.Min(500, text.Length)]}");
        }
    }
}
