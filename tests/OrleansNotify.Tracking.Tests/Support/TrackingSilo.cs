using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Grains.Tracking;

namespace OrleansNotify.Tracking.Tests.Support;

/// <summary>
/// One embedded silo with the HTTP API for the collection: Kestrel on a free loopback port, free silo
/// and gateway ports, a known admin key, a small webhook body limit (so 413 is cheap to reach).
/// </summary>
public sealed class TrackingSilo : IAsyncLifetime
{
    public const string AdminKey = "tracking-admin-key-0123456789";
    public const long WebhookBodyLimit = 2 * 1024 * 1024;

    private readonly Factory _factory = new();

    public string PickupRoot { get; } = Directory.CreateTempSubdirectory("notify-tracking-tests-").FullName;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>No key: SendGrid posts the webhook without one.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        Admin = _factory.CreateClient();
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Anonymous = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(PickupRoot, recursive: true);
        }
        catch (IOException)
        {
            // A pickup file still being renamed into place; the OS cleans temp later.
        }
    }

    private sealed class Factory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Notify:AdminKey", AdminKey);
            builder.UseSetting("Notify:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Notify:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Notify:Tracking:WebhookBodyLimit", WebhookBodyLimit.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Sharded ingestion (the default is one shard): the stats, suppression and delete tests then
            // prove that shards of one portal still count, suppress and delete as one.
            builder.ConfigureServices(services => services.Configure<TrackingOptions>(o => o.IngestShards = 3));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class TrackingSiloCollection : ICollectionFixture<TrackingSilo>
{
    public const string Name = "tracking-silo";
}
