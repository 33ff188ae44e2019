using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansNotify.Api;
using OrleansNotify.Grains;
using OrleansNotify.Grains.Hosting;
using OrleansNotify.Grains.Tracking;
using OrleansNotify.PostgreSql.Tracking;

namespace OrleansNotify.Benchmarks.Tracking;

/// <summary>
/// The full webhook path in this process: Kestrel on loopback, the real API, an embedded silo (memory
/// streams) and the PostgreSQL tracking store, so a POST is verified, parsed, streamed, de-duplicated,
/// stored and folded exactly as in a silo.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookHost(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public const string AdminKey = "webhook-bench-admin-key-0123";

    /// <param name="coalesce">Orleans' BatchContainerBatchSize: stream items of one stream delivered (and
    /// stored) together. Null keeps the silos' <see cref="StreamDelivery.ItemsPerDelivery"/>.</param>
    /// <param name="windowMs">TrackingOptions.CoalesceWindow in milliseconds (null: its default).</param>
    public static async Task<WebhookHost> StartAsync(string connectionString, int ingestShards, int? coalesce, int? windowMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration["Notify:AdminKey"] = AdminKey;
        builder.Services.AddPostgreSqlTrackingStore(connectionString);
        builder.Services.AddNotifyApi();
        builder.Services.Configure<TrackingOptions>(o =>
        {
            o.IngestShards = ingestShards;
            o.CoalesceWindow = windowMs is { } ms ? TimeSpan.FromMilliseconds(ms) : o.CoalesceWindow;
        });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort())
            .AddMemoryGrainStorage(NotifyNames.PortalStorage)
            .AddMemoryGrainStorage(NotifyNames.PubSubStorage)
            .AddMemoryStreams(NotifyNames.StreamProvider)
            .UseInMemoryReminderService()
            .AddOrleansNotifyGrains());
        if (coalesce is { } items)
        {
            builder.Services.Configure<StreamPullingAgentOptions>(NotifyNames.StreamProvider, o => o.BatchContainerBatchSize = items);
        }

        var app = builder.Build();
        app.MapNotifyApi();
        await app.StartAsync();
        var host = new WebhookHost(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address);
        return host;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
