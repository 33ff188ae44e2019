using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp.Connections;
using OrleansNotify.Smtp.Outcomes;

namespace OrleansNotify.Smtp;

public sealed partial class SmtpNotifier
{
    /// <summary>Connect, EHLO, TLS, AUTH, QUIT: each step with the server's reply and its round trip; nothing is sent.</summary>
    public async Task<VerifyReport> VerifyAsync(string portalId, PortalConfig portal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var endpoint = SmtpEndpoint.FromPortal(portal, options.DefaultPoolSize);
        var recorder = new VerifyRecorder(time);
        var checks = new List<VerifyCheck>();
        using var client = new PooledSmtpClient(recorder);
        connector.Configure(client, endpoint);
        var phase = "connect";
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, SmtpConnector.SocketOptions(endpoint.Security), cancellationToken).ConfigureAwait(false);
            checks.AddRange(Drain(recorder));
            checks.Add(TlsCheck(client, endpoint));

            phase = "auth";
            if (endpoint.HasCredentials)
            {
                SmtpConnector.EnsureMayAuthenticate(client, endpoint);
                await client.AuthenticateAsync(endpoint.UserName!, endpoint.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
                checks.AddRange(Drain(recorder));
            }
            else
            {
                checks.Add(new VerifyCheck("auth", true, "no credentials configured: AUTH skipped"));
            }

            phase = "quit";
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            checks.AddRange(Drain(recorder));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var recorded = Drain(recorder).ToList();
            checks.AddRange(recorded);
            // A refusal the server replied with is already a failed step; otherwise say what broke.
            if (recorded.TrueForAll(c => c.Passed))
            {
                var failure = SmtpOutcomes.Classify(ex);
                var name = ex is MailKit.Security.SslHandshakeException ? "tls" : phase;
                checks.Add(new VerifyCheck(name, false, $"{failure.Detail} ({endpoint})"));
            }
        }

        return new VerifyReport { Checks = checks };
    }

    /// <summary>Turns the steps recorded since the last call into checks named by their command.</summary>
    private static IEnumerable<VerifyCheck> Drain(VerifyRecorder recorder) =>
        recorder.TakeNew().Select(s => new VerifyCheck(
            StepName(s.Verb),
            s.Reply.Length > 0 && s.Reply[0] is '2' or '3',
            s.Reply,
            Math.Round(s.ElapsedMs, 2)));

    private static string StepName(string verb) => verb switch
    {
        "greeting" => "connect",
        _ => verb.ToLowerInvariant().Replace(' ', ':'),
    };

    private static VerifyCheck TlsCheck(PooledSmtpClient client, SmtpEndpoint endpoint)
    {
        if (endpoint.Security == SmtpSecurity.None)
        {
            return new VerifyCheck("tls", true, "not used: the portal's security is none");
        }

        return new VerifyCheck("tls", client.IsSecure, client.IsSecure
            ? $"{client.SslProtocol}, {client.SslCipherSuite}, certificate validated"
            : "the connection is not encrypted");
    }
}
