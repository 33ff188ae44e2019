using Orleans.Configuration;
using OrleansNotify.Smtp;

namespace OrleansNotify.Frontend.Hosting;

/// <summary>
/// Connects the front end to the cluster as an Orleans client: it finds the silos' gateways in the same
/// PostgreSQL membership table (same ClusterId and ServiceId as the silos) and calls grains through them.
/// The API publishes no streams itself (it calls IIntakeGrain), so the client needs no stream provider.
/// </summary>
public static class FrontendHostBuilderExtensions
{
    /// <summary>
    /// How often the client re-reads the gateway list. Orleans' default is 1 min; a short period drops a
    /// dead silo's gateway soon after membership declares it dead, and finds new silos as they join.
    /// </summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(2);

    public static WebApplicationBuilder AddNotifyFrontend(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = FrontendSettings.Read(builder.Configuration);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            })
            .UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = settings.ConnectionString;
            })
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefreshPeriod)
            // Keep retrying while no silo is up (start order does not matter, a restarted cluster is found again).
            .UseConnectionRetryFilter(RetryForever));
        // The per-kind submission rules the silos apply, so a message refused there is refused here too.
        builder.Services.AddSmtpMessageRules();
        return builder;
    }

    private static async Task<bool> RetryForever(Exception error, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
