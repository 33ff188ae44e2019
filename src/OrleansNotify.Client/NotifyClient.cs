using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansNotify.Mail;

namespace OrleansNotify.Client;

/// <summary>
/// A typed client for the OrleansNotify HTTP API (a silo or a front end). It wraps an
/// <see cref="HttpClient"/> whose BaseAddress is the service; <paramref name="key"/> is the admin key for
/// portal management or a portal key for sending. Refusals throw <see cref="NotifyApiException"/>;
/// lookups of something that does not exist return null. Split by resource: .Portals, .Messages.
/// </summary>
public sealed partial class NotifyClient(HttpClient http, string key)
{
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", key);

    /// <summary><c>GET /health/ready</c>: the cluster answers (status <c>ready</c>) or why not; never throws for 503.</summary>
    public async Task<HealthStatus> GetReadinessAsync(CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, "health/ready");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, ClientJsonContext.Default.HealthStatus, cancellationToken).ConfigureAwait(false)
            ?? throw new NotifyApiException($"Empty readiness reply ({(int)response.StatusCode}).");
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null) =>
        new(method, new Uri(path, UriKind.Relative)) { Content = content, Headers = { Authorization = _authorization } };

    private static HttpContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Sends; a non-success reply becomes <see cref="NotifyApiException"/> unless it is a 404 the caller maps to null.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T?> ReadAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, bool notFoundIsNull, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(request, notFoundIsNull, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, type, cancellationToken).ConfigureAwait(false)
            ?? throw new NotifyApiException($"Empty reply to {request.Method} {request.RequestUri}.");
    }

    private static async Task<NotifyApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        IReadOnlyList<SendGridError> errors = [];
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 0)
            {
                errors = JsonSerializer.Deserialize(body, MailJsonContext.Default.SendGridErrorResponse)?.Errors ?? [];
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's shape (a proxy's page, say): the status code alone tells the story.
        }

        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new NotifyApiException(response.StatusCode, errors, retryAfter);
    }
}
