using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansNotify.Api;
using OrleansNotify.Events;
using OrleansNotify.Grains;
using OrleansNotify.Grains.Hosting;
using OrleansNotify.Mime.Pickup;
using OrleansNotify.Portals;
using OrleansNotify.Templates;

namespace OrleansNotify.Benchmarks.Events;

/// <summary>
/// An embedded silo with the HTTP API in this process, as the zero-config silo runs (localhost
/// clustering, memory streams and storage). Portals get a throttle that sends almost nothing, so the
/// benchmark counts messages queued, not sent.
/// </summary>
internal sealed class EventsBenchHost : IAsyncDisposable
{
    public const string AdminKey = "events-bench-admin-key-0123456789";

    private readonly WebApplication _app;

    private EventsBenchHost(WebApplication app, Uri url) => (_app, Url) = (app, url);

    public Uri Url { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public static async Task<EventsBenchHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Notify:AdminKey"] = AdminKey;
        var port = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort())
            .AddMemoryGrainStorage(NotifyNames.PortalStorage)
            .AddMemoryGrainStorage(NotifyNames.PubSubStorage)
            .AddMemoryStreams(NotifyNames.StreamProvider)
            .UseInMemoryReminderService()
            .AddOrleansNotifyGrains());
        builder.Services.AddPickupNotifier();
        builder.Services.AddHandlebarsTemplates();
        builder.Services.AddNotifyApi();
        var app = builder.Build();
        app.MapNotifyApi();
        await app.StartAsync();
        return new EventsBenchHost(app, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>A pickup portal that holds its messages (0.001/s), with the video template and rule.</summary>
    public async Task CreatePortalAsync(string portalId, string folder)
    {
        await Grains.GetGrain<IPortalGrain>(portalId).PutAsync(new PortalConfig
        {
            DisplayName = "events benchmark",
            Notifier = new NotifierConfig { Kind = NotifierKinds.Pickup, Folder = folder },
            Defaults = new PortalDefaults { From = new Mail.EmailAddress { Email = "noreply@example.com" } },
            Throttle = new ThrottleSettings { PerSecond = 0.001, Burst = 1, MaxConcurrency = 1 },
        });
        var events = Grains.GetGrain<IPortalEventsGrain>(portalId);
        await events.PutTemplateAsync("video", BenchEvents.Template);
        await events.PutRuleAsync("video.published", new EventRule { TemplateId = "video", RecipientsPath = "data.owner.email" });
    }

    /// <summary>Messages the portals hold (queued, in flight or sent).</summary>
    public async Task<long> CountAsync(IEnumerable<string> portalIds)
    {
        long total = 0;
        foreach (var id in portalIds)
        {
            if (await Grains.GetGrain<IPortalGrain>(id).GetStatusAsync() is { } s)
            {
                total += s.Queued + s.Scheduled + s.InFlight + s.SentToday;
            }
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
