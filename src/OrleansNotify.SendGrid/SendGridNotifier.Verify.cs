using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using static SendGrid.BaseClient;

namespace OrleansNotify.SendGrid;

/// <summary>The seed's troubleshooting list, automated: key, scope, IP pool, round trip, sandbox.</summary>
public sealed partial class SendGridNotifier
{
    public const string MailSendScope = "mail.send";

    public async Task<VerifyReport> VerifyAsync(string portalId, PortalConfig portal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var notifier = portal.Notifier;
        if (string.IsNullOrWhiteSpace(notifier?.ApiKey))
        {
            return new VerifyReport { Checks = [new VerifyCheck("api-key", false, "No SendGrid API key is configured.")] };
        }

        var host = SendGridHosts.For(notifier);
        var client = _clients.For(host, notifier.ApiKey);
        var checks = new List<VerifyCheck>();

        var started = _time.GetTimestamp();
        var (scopesStatus, scopesBody, failure) = await GetAsync(client, "scopes", cancellationToken).ConfigureAwait(false);
        var elapsedMs = Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 1);
        if (failure is not null)
        {
            checks.Add(new VerifyCheck("round-trip", false, $"Could not reach {host}: {failure}.", elapsedMs));
            return new VerifyReport { Checks = checks };
        }

        checks.Add(new VerifyCheck("round-trip", true, $"{host} answered in {elapsedMs.ToString(CultureInfo.InvariantCulture)} ms.", elapsedMs));
        checks.AddRange(KeyChecks(scopesStatus, scopesBody));
        if (scopesStatus == HttpStatusCode.OK)
        {
            checks.Add(await IpPoolCheckAsync(client, portal.Defaults.IpPoolName, cancellationToken).ConfigureAwait(false));
        }

        checks.Add(portal.Defaults.SandboxMode
            ? new VerifyCheck("sandbox", true, "Sandbox mode is on: SendGrid validates messages (200) and delivers nothing.")
            : new VerifyCheck("sandbox", true, "Sandbox mode is off: messages are delivered."));
        return new VerifyReport { Checks = checks };
    }

    private static IEnumerable<VerifyCheck> KeyChecks(HttpStatusCode status, string? body)
    {
        if (status != HttpStatusCode.OK)
        {
            var why = status == HttpStatusCode.Unauthorized ? "the key is wrong, expired or revoked" : "unexpected reply";
            yield return new VerifyCheck("api-key", false, $"SendGrid refused the API key ({(int)status}: {why}).");
            yield break;
        }

        yield return new VerifyCheck("api-key", true, "SendGrid accepted the API key.");
        var scopes = ReadStrings(body, "scopes");
        yield return scopes.Contains(MailSendScope, StringComparer.Ordinal)
            ? new VerifyCheck("scope:mail.send", true, "The key has the mail.send scope.")
            : new VerifyCheck("scope:mail.send", false, "The key lacks the mail.send scope: SendGrid will answer 403 to every send.");
    }

    private async Task<VerifyCheck> IpPoolCheckAsync(PortalClient client, string? pool, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(pool))
        {
            return new VerifyCheck("ip-pool", true, "No IP pool configured: SendGrid picks the account's IPs.");
        }

        if (pool.Length is < 2 or > 64)
        {
            return new VerifyCheck("ip-pool", false, $"IP pool name must be 2 to 64 characters (it has {pool.Length}).");
        }

        var (status, body, failure) = await GetAsync(client, "ips/pools", cancellationToken).ConfigureAwait(false);
        return status switch
        {
            _ when failure is not null => new VerifyCheck("ip-pool", false, $"Cannot check IP pool '{pool}': {failure}."),
            HttpStatusCode.OK when ReadStrings(body, "name").Contains(pool, StringComparer.Ordinal) =>
                new VerifyCheck("ip-pool", true, $"IP pool '{pool}' exists in the account."),
            HttpStatusCode.OK => new VerifyCheck("ip-pool", false, $"IP pool '{pool}' does not exist in the account: SendGrid will refuse messages that name it."),
            // Reading pools needs an IP-management scope that a send-only key rightly lacks: not a failure.
            HttpStatusCode.Forbidden => new VerifyCheck("ip-pool", true, $"Cannot check IP pool '{pool}': the key may not read IP pools (403)."),
            _ => new VerifyCheck("ip-pool", false, $"Cannot check IP pool '{pool}': SendGrid answered {(int)status}."),
        };
    }

    private static async Task<(HttpStatusCode Status, string? Body, string? Failure)> GetAsync(PortalClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.Sdk.RequestAsync(Method.GET, urlPath: path, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var content = response.Body;
            var body = content is null ? null : await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, null, "timed out");
        }
        catch (HttpRequestException ex)
        {
            return (default, null, $"connection failed ({ex.HttpRequestError})");
        }
    }

    /// <summary>Every string value of <paramref name="property"/> found in the JSON (arrays walked).</summary>
    private static HashSet<string> ReadStrings(string? json, string property)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return found;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            Collect(doc.RootElement, property, found);
        }
        catch (JsonException)
        {
            // An unreadable body simply yields nothing; the check then fails with its own message.
        }

        return found;
    }

    private static void Collect(JsonElement element, string property, HashSet<string> found)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    found.Add(item.GetString()!);
                }
                else
                {
                    Collect(item, property, found);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                found.Add(value.GetString()!);
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                Collect(value, property, found);
            }
        }
    }
}
