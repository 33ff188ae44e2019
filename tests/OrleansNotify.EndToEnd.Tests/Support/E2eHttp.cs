using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansNotify.EndToEnd.Tests.Support;

/// <summary>HTTP steps of the tests, each failing with the server's body when the status is unexpected.</summary>
public static class E2eHttp
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>PUTs the portal (201 or 200) and returns a portal key for submissions.</summary>
    public static async Task<string> CreatePortalAsync(this HttpClient admin, string portalId, string body)
    {
        using var put = await admin.PutAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative), Json(body));
        Assert.True(put.IsSuccessStatusCode, $"PUT portal: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        var key = await (await admin.PostAsync(new Uri($"/v1/portals/{portalId}/keys", UriKind.Relative), null)).ExpectAsync(HttpStatusCode.Created);
        return key.GetProperty("key").GetString()!;
    }

    public static Task<HttpResponseMessage> PostMessageAsync(this HttpClient client, string portalId, string mail) =>
        client.PostAsync(new Uri($"/v1/portals/{portalId}/messages", UriKind.Relative), Json(mail));

    /// <summary>Submits and returns the message id from the 202.</summary>
    public static async Task<string> SubmitAsync(this HttpClient client, string portalId, string mail)
    {
        var body = await (await client.PostMessageAsync(portalId, mail)).ExpectAsync(HttpStatusCode.Accepted);
        return body.GetProperty("messageId").GetString()!;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(new Uri(url, UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);

    public static Task<JsonElement> MessageAsync(this HttpClient client, string portalId, string messageId) =>
        client.GetJsonAsync($"/v1/portals/{portalId}/messages/{messageId}");

    /// <summary>Polls the message until it reaches <paramref name="status"/>; fails with the last view on timeout.</summary>
    public static Task<JsonElement> WaitForStatusAsync(this HttpClient client, string portalId, string messageId, string status) =>
        client.PollAsync($"/v1/portals/{portalId}/messages/{messageId}", v => v.GetProperty("status").GetString() == status, $"status '{status}'");

    /// <summary>Polls a GET until <paramref name="done"/> holds (barrier with a timeout, no fixed sleeps).</summary>
    public static async Task<JsonElement> PollAsync(this HttpClient client, string url, Func<JsonElement, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var last = default(JsonElement);
        while (!timeout.IsCancellationRequested)
        {
            // A message is on its way through the stream right after the 202: 404 until the portal has it.
            using (var response = await client.GetAsync(new Uri(url, UriKind.Relative)))
            {
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    last = await response.ExpectAsync(HttpStatusCode.OK);
                    if (done(last))
                    {
                        return last;
                    }
                }
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"{url} did not reach {what} within {Patience}; last: {last}");
        return last;
    }

    public static IEnumerable<string> TimelineEvents(this JsonElement view) =>
        view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()!);
}
