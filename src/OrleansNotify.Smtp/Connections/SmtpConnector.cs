using System.Security.Authentication;
using MailKit;
using MailKit.Security;

namespace OrleansNotify.Smtp.Connections;

/// <summary>Opens a connected, authenticated client for an endpoint: TLS 1.2+, validated certificates.</summary>
public sealed class SmtpConnector(SmtpNotifierOptions options)
{
    public async Task<PooledSmtpClient> ConnectAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken, IProtocolLogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = logger is null ? new PooledSmtpClient() : new PooledSmtpClient(logger);
        try
        {
            Configure(client, endpoint);
            await client.ConnectAsync(endpoint.Host, endpoint.Port, SocketOptions(endpoint.Security), cancellationToken).ConfigureAwait(false);
            if (endpoint.HasCredentials)
            {
                EnsureMayAuthenticate(client, endpoint);
                await client.AuthenticateAsync(endpoint.UserName!, endpoint.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Configure(PooledSmtpClient client, SmtpEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        client.Timeout = (int)options.OperationTimeout.TotalMilliseconds;
        client.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        client.ServerCertificateValidationCallback = CertificateTrust.For(endpoint.TrustedCertificate);
        // A private anchor has no reachable revocation lists; public certificates are checked.
        client.CheckCertificateRevocation = string.IsNullOrWhiteSpace(endpoint.TrustedCertificate);
        if (options.LocalDomain is not null)
        {
            client.LocalDomain = options.LocalDomain;
        }
    }

    /// <summary>Credentials never cross a plain connection unless the portal allowed it explicitly.</summary>
    public static void EnsureMayAuthenticate(PooledSmtpClient client, SmtpEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!client.IsSecure && !endpoint.AllowPlainTextAuth)
        {
            throw new PlainTextAuthRefusedException();
        }
    }

    public static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        // Required, not "when available": a server that drops STARTTLS must not get our password.
        _ => SecureSocketOptions.StartTls,
    };
}

/// <summary>The portal has credentials but no TLS and did not allow plain-text AUTH.</summary>
public sealed class PlainTextAuthRefusedException()
    : Exception("credentials are not sent without TLS; set allowPlainTextAuth to allow it");
