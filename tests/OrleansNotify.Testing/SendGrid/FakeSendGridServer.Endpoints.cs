using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansNotify.Testing.SendGrid;

public sealed partial class FakeSendGridServer
{
    private static readonly string Unauthorized = FakeSendGridErrors.Json(("The provided authorization grant is invalid, expired, or revoked", null));
    private static readonly string Forbidden = FakeSendGridErrors.Json(("access forbidden", null));

    private async Task MailSendAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var scopes = Authenticate(context, out var apiKey);
        if (scopes is null)
        {
            await ReplyAsync(context, body, 401, Unauthorized).ConfigureAwait(false);
            return;
        }

        if (!scopes.Contains("mail.send", StringComparer.Ordinal))
        {
            await ReplyAsync(context, body, 403, Forbidden).ConfigureAwait(false);
            return;
        }

        if (TakeScript(apiKey) is { } script)
        {
            if (script.Delay > TimeSpan.Zero)
            {
                await Task.Delay(script.Delay, context.RequestAborted).ConfigureAwait(false);
            }

            foreach (var (name, value) in script.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (script.Status is not (202 or 200))
            {
                await ReplyAsync(context, body, script.Status, script.Body).ConfigureAwait(false);
                return;
            }
        }

        if (body.Length > MaxRequestBytes)
        {
            await ReplyAsync(context, body, 413, FakeSendGridErrors.Json(("The request is larger than 30 MB.", null))).ConfigureAwait(false);
            return;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            await ReplyAsync(context, body, 400, FakeSendGridErrors.Json(("Bad Request: the body is not valid JSON.", null))).ConfigureAwait(false);
            return;
        }

        using (doc)
        {
            var errors = FakeSendGridValidator.Validate(doc.RootElement);
            if (errors.Count > 0)
            {
                await ReplyAsync(context, body, 400, FakeSendGridErrors.Json(errors)).ConfigureAwait(false);
                return;
            }

            var sandbox = doc.RootElement.TryGetProperty("mail_settings", out var ms) && ms.TryGetProperty("sandbox_mode", out var sm)
                && sm.TryGetProperty("enable", out var on) && on.ValueKind == JsonValueKind.True;
            Interlocked.Increment(ref _acceptedCalls);
            Interlocked.Add(ref _acceptedPersonalizations, doc.RootElement.GetProperty("personalizations").GetArrayLength());
            var messageId = NewMessageId();
            context.Response.Headers["X-Message-Id"] = messageId;
            Record(context, body, sandbox ? 200 : 202, messageId);
            context.Response.StatusCode = sandbox ? 200 : 202;
        }
    }

    private Task ScopesAsync(HttpContext context)
    {
        var scopes = Authenticate(context, out _);
        return scopes is null
            ? ReplyAsync(context, [], 401, Unauthorized)
            : ReplyAsync(context, [], 200, JsonSerializer.Serialize(new Dictionary<string, string[]> { ["scopes"] = scopes }));
    }

    private Task PoolsAsync(HttpContext context)
    {
        var scopes = Authenticate(context, out _);
        if (scopes is null)
        {
            return ReplyAsync(context, [], 401, Unauthorized);
        }

        if (!scopes.Contains(PoolsReadScope, StringComparer.Ordinal))
        {
            return ReplyAsync(context, [], 403, Forbidden);
        }

        var pools = IpPools.Keys.Order(StringComparer.Ordinal).Select(n => new Dictionary<string, string> { ["name"] = n }).ToArray();
        return ReplyAsync(context, [], 200, JsonSerializer.Serialize(pools));
    }

    private Task ReplyAsync(HttpContext context, byte[] body, int status, string? json)
    {
        Record(context, body, status, null);
        context.Response.StatusCode = status;
        if (json is null)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        var length = context.Request.ContentLength;
        using var buffer = length is > 0 and < int.MaxValue ? new MemoryStream((int)length.Value) : new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    // SendGrid's ids are 22 URL-safe characters; a random GUID gives the same shape.
    private static string NewMessageId() =>
        Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
