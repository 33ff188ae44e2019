using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Grains.Options;
using OrleansNotify.Portals;
using OrleansNotify.Testing.SendGrid;
using OrleansNotify.Testing.Silo;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.EndToEnd.Tests.Support;

/// <summary>
/// One embedded silo for the collection, registered exactly as production registers it (the real
/// notifiers through <c>AddNotifySilo</c>), served by Kestrel on a loopback port; its peers are the
/// fake SendGrid API and npm's smtp-server (STARTTLS with a test certificate, AUTH) acting both as a
/// plain SMTP server and as SendGrid's relay. A missing peer fails the fixture, so no test skips.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    public const string AdminKey = "e2e-admin-key-0123456789";
    public const string SmtpUser = "notify";
    public const string SmtpPassword = "e2e-smtp-pass";
    public const string RelayApiKey = "SG.e2e-relay-key";

    /// <summary>Portal jobs of the SendGrid kind may hold more than one call, so the 1,000 cap is exercised.</summary>
    public const int SendGridJobSize = 1_500;

    private readonly EmbeddedSilo<Program> _silo = new(AdminKey,
        new Dictionary<string, string?> { ["Notify:Smtp:LocalDomain"] = "notify.test" }, ConfigureServices);

    public FakeSendGridServer SendGrid { get; private set; } = null!;
    public TestCertificate Certificate { get; private set; } = null!;
    public PeerSmtpServer Smtp { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        SendGrid = await FakeSendGridServer.StartAsync();
        Certificate = TestCertificate.Create(TimeProvider.System);
        Smtp = await PeerSmtpServer.StartNodeAsync(new PeerServerOptions
        {
            Certificate = Certificate,
            Users = new Dictionary<string, string> { [SmtpUser] = SmtpPassword, ["apikey"] = RelayApiKey },
        });
        _silo.Start();
        Admin = CreateClient(AdminKey);
    }

    public HttpClient CreateClient(string? bearer)
    {
        var client = _silo.CreateClient(bearer);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    /// <summary>A new API key for the fake SendGrid with the mail.send scope, unique to the caller.</summary>
    public string NewSendGridKey()
    {
        var key = $"SG.e2e.{Guid.NewGuid():N}";
        SendGrid.AddKey(key, "mail.send", FakeSendGridServer.PoolsReadScope);
        return key;
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        await _silo.DisposeAsync();
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        Certificate?.Dispose();
        if (SendGrid is not null)
        {
            await SendGrid.DisposeAsync();
        }
    }

    private static void ConfigureServices(IServiceCollection services)
    {
        // Short back-off so a retried 503 is seen within a test's patience; the policy is unchanged.
        services.Configure<RetryOptions>(o =>
        {
            o.BaseDelay = TimeSpan.FromMilliseconds(200);
            o.QuickRetryDelay = TimeSpan.FromMilliseconds(50);
        });
        services.Configure<SenderOptions>(o => o.BatchSizes[NotifierKinds.SendGrid] = SendGridJobSize);
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "end-to-end";
}
