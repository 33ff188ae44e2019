using Orleans.Configuration;
using OrleansNotify.Grains;
using OrleansNotify.Grains.Hosting;
using OrleansNotify.Mime.Pickup;

namespace OrleansNotify.Silo.Hosting;

/// <summary>Turns a web application builder into an OrleansNotify silo that also serves the HTTP API.</summary>
public static class SiloHostBuilderExtensions
{
    public static WebApplicationBuilder AddNotifySilo(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration[$"{NotifySiloOptions.Section}:{nameof(NotifySiloOptions.Mode)}"] ?? NotifySiloOptions.EmbeddedMode;
        var cluster = string.Equals(mode, NotifySiloOptions.ClusterMode, StringComparison.OrdinalIgnoreCase);
        if (!cluster && !string.Equals(mode, NotifySiloOptions.EmbeddedMode, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Notify:Mode '{mode}' is not supported: use '{NotifySiloOptions.EmbeddedMode}' (the default: localhost " +
                $"clustering, in-memory state) or '{NotifySiloOptions.ClusterMode}' (several silos on PostgreSQL).");
        }

        // Read before anything starts, so a missing connection string or key stops start-up with a clear message.
        var settings = cluster ? ClusterSettings.Read(builder.Configuration) : null;
        builder.Services.AddOptions<NotifySiloOptions>().BindConfiguration(NotifySiloOptions.Section);
        builder.AddStructuredConsoleLogs();
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(NotifySiloOptions.DefaultUrl);
        }

        if (settings is not null)
        {
            builder.AddClusterServices(settings);
            builder.UseOrleans(silo => silo.UseClusterProviders(settings).AddOrleansNotifyGrains());
        }
        else
        {
            builder.UseOrleans(silo => silo.UseEmbeddedProviders().AddOrleansNotifyGrains());
            builder.Services.AddZeroConfigAdminKey();
        }

        builder.Services.AddNotifyNotifiers(builder.Configuration);
        builder.AddNotifyEvents();
        return builder;
    }

    /// <summary>The zero-config providers: one localhost silo, memory storage, streams and reminders.</summary>
    private static ISiloBuilder UseEmbeddedProviders(this ISiloBuilder silo)
    {
        silo.UseLocalhostClustering()
            .AddMemoryGrainStorage(NotifyNames.PortalStorage)
            .AddMemoryGrainStorage(NotifyNames.PubSubStorage)
            .AddMemoryStreams(NotifyNames.StreamProvider)
            .UseInMemoryReminderService();

        // Ports are read when options resolve, so test hosts can set them after Program has run;
        // the development membership derives its primary silo from these endpoints.
        silo.Services.AddOptions<EndpointOptions>().Configure<Microsoft.Extensions.Options.IOptions<NotifySiloOptions>>((endpoints, notify) =>
        {
            endpoints.SiloPort = notify.Value.SiloPort;
            endpoints.GatewayPort = notify.Value.GatewayPort;
        });
        return silo;
    }
}
