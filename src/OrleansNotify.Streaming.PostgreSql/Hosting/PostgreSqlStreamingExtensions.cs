using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>Registers the PostgreSQL stream provider on silos and clients.</summary>
public static class PostgreSqlStreamingExtensions
{
    /// <summary>
    /// How long Orleans' deployment balancer treats a joining silo as immature before queues move to it.
    /// Orleans' default is 2 minutes; the queue lease makes overlapping ownership harmless, so joining
    /// silos may take their share sooner.
    /// </summary>
    public static readonly TimeSpan DefaultSiloMaturityPeriod = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Adds a persistent stream provider over PostgreSQL queue tables. Queues are balanced between silos by
    /// Orleans' <c>DeploymentBasedQueueBalancer</c> over live membership (a joining silo takes its share
    /// after <see cref="DefaultSiloMaturityPeriod"/>, a leaving one hands its queues over); pass
    /// <paramref name="configureStream"/> to choose another balancer, pulling-agent options or the pub-sub type.
    /// </summary>
    public static ISiloBuilder AddPostgreSqlStreams(
        this ISiloBuilder builder, string name, Action<PostgreSqlStreamOptions> configure,
        Action<ISiloPersistentStreamConfigurator>? configureStream = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions(builder.Services, name, configure);
        return builder.AddPersistentStreams(name, PostgreSqlQueueAdapterFactory.Create, stream =>
        {
            stream.UseDynamicClusterConfigDeploymentBalancer(DefaultSiloMaturityPeriod);
            configureStream?.Invoke(stream);
        });
    }

    /// <summary>Adds the provider to a cluster client, which only publishes (INSERTs) on it.</summary>
    public static IClientBuilder AddPostgreSqlStreams(
        this IClientBuilder builder, string name, Action<PostgreSqlStreamOptions> configure,
        Action<IClusterClientPersistentStreamConfigurator>? configureStream = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions(builder.Services, name, configure);
        return builder.AddPersistentStreams(name, PostgreSqlQueueAdapterFactory.Create, stream => configureStream?.Invoke(stream));
    }

    private static void AddOptions(IServiceCollection services, string name, Action<PostgreSqlStreamOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgreSqlStreamOptions>(name).Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp =>
            new PostgreSqlStreamOptionsValidator(sp.GetRequiredService<IOptionsMonitor<PostgreSqlStreamOptions>>().Get(name), name));
    }
}
