using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Peers;

/// <summary>Users the peer servers accept: a plain login and SendGrid's literal <c>apikey</c>.</summary>
public static class PeerUsers
{
    public const string User = "notify";
    public const string Password = "s3cret-pass";
    public const string ApiKey = "SG.test-key.do-not-log";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string> { [User] = Password, ["apikey"] = ApiKey };
}

/// <summary>npm smtp-server with STARTTLS (test-time certificate), AUTH PLAIN/LOGIN and a 200 KB SIZE.</summary>
public sealed class NodeServerFixture : IAsyncLifetime
{
    public TestCertificate Certificate { get; } = TestCertificate.Create(TimeProvider.System);
    public PeerSmtpServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await PeerSmtpServer.StartNodeAsync(new PeerServerOptions { Certificate = Certificate, Users = PeerUsers.All, Size = 200_000 });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Certificate.Dispose();
    }
}

/// <summary>Debian's aiosmtpd with STARTTLS required and AUTH after TLS.</summary>
public sealed class AiosmtpdFixture : IAsyncLifetime
{
    public TestCertificate Certificate { get; } = TestCertificate.Create(TimeProvider.System);
    public PeerSmtpServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await PeerSmtpServer.StartAiosmtpdAsync(new PeerServerOptions { Certificate = Certificate, Users = PeerUsers.All });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Certificate.Dispose();
    }
}
