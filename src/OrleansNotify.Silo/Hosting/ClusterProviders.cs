using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using OrleansNotify.Grains;
using OrleansNotify.PostgreSql;
using OrleansNotify.PostgreSql.Tracking;
using OrleansNotify.Security;
using OrleansNotify.Streaming.PostgreSql;

namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// Cluster mode: membership, grain state and reminders through Orleans' ADO.NET providers, streams
/// through our PostgreSQL queues, messages through our store, secrets encrypted with AES-GCM.
/// </summary>
public static class ClusterProviders
{
    /// <summary>Orleans' ADO.NET providers find Npgsql's DbProviderFactory by this name.</summary>
    public const string Invariant = "Npgsql";

    public static WebApplicationBuilder AddClusterServices(this WebApplicationBuilder builder, ClusterSettings settings)
    {
        // One data source per process: the message store and the stream provider share its pool.
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.DataSourceConnectionString));
        builder.Services.AddPostgreSqlMessageStore(settings.DataSourceConnectionString, settings.ServiceId);
        builder.Services.AddPostgreSqlTrackingStore(settings.DataSourceConnectionString, settings.ServiceId); // webhook events, stats, suppressions
        builder.Services.AddSingleton<ISecretProtector>(_ => AesGcmSecretProtector.FromBase64(settings.EncryptionKey, "Notify:EncryptionKey"));
        // Before Orleans' own hosted service: the membership table must exist before the silo joins.
        builder.Services.AddHostedService<StartupMigration>();
        return builder;
    }

    public static ISiloBuilder UseClusterProviders(this ISiloBuilder silo, ClusterSettings settings)
    {
        var orleans = settings.OrleansConnectionString;
        silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            })
            .UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = orleans; })
            .AddAdoNetGrainStorage(NotifyNames.PortalStorage, o => { o.Invariant = Invariant; o.ConnectionString = orleans; })
            .AddAdoNetGrainStorage(NotifyNames.PubSubStorage, o => { o.Invariant = Invariant; o.ConnectionString = orleans; })
            .UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = orleans; })
            .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = ClusterTimings.ReminderPeriod)
            .AddPostgreSqlStreams(NotifyNames.StreamProvider, o =>
            {
                o.QueueLeaseTime = ClusterTimings.QueueLeaseTime;
                o.VisibilityTimeout = ClusterTimings.VisibilityTimeout;
                o.PollInterval = ClusterTimings.PollInterval;
            }, stream => stream.UseConsistentRingQueueBalancer()) // see ClusterTimings.QueueBalancer
            .Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = ClusterTimings.ProbeTimeout;
                o.NumMissedProbesLimit = ClusterTimings.NumMissedProbesLimit;
                o.TableRefreshTimeout = ClusterTimings.TableRefreshTimeout;
            });

        // The stream provider uses the process's data source rather than a pool of its own.
        silo.Services.AddOptions<PostgreSqlStreamOptions>(NotifyNames.StreamProvider)
            .Configure<NpgsqlDataSource>((o, dataSource) => o.DataSource = dataSource);
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<NotifySiloOptions>>((endpoints, notify) =>
        {
            endpoints.SiloPort = notify.Value.SiloPort;
            endpoints.GatewayPort = notify.Value.GatewayPort;
            if (!string.IsNullOrWhiteSpace(notify.Value.AdvertisedAddress))
            {
                endpoints.AdvertisedIPAddress = IPAddress.Parse(notify.Value.AdvertisedAddress);
            }

            // Listen on every interface; other silos and clients connect to the advertised address.
            endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.SiloPort);
            endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.GatewayPort);
        });
        return silo;
    }
}
