using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansNotify.Grains.Metrics;
using OrleansNotify.Grains.Options;
using OrleansNotify.Grains.Storage;
using OrleansNotify.Grains.Tracking;
using OrleansNotify.Security;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Hosting;

/// <summary>
/// Registers what the grains need. Providers (grain storage "portals" and "PubSubStore", memory streams
/// "notify", reminders, clustering) are the host's choice; the message store is TryAdd'ed so cluster
/// mode registers PostgreSQL's first, and so is the secret protector. Whatever the stream provider, its
/// pulling agents deliver a stream's backlog together (<see cref="StreamDelivery"/>, set by the silo-builder overload).
/// </summary>
public static class GrainsServiceCollectionExtensions
{
    public static ISiloBuilder AddOrleansNotifyGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrleansNotifyGrains();
        builder.Services.DeliverBacklogTogether(NotifyNames.StreamProvider);
        return builder;
    }

    public static IServiceCollection AddOrleansNotifyGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMessageStore, InMemoryMessageStore>();
        // Cluster mode registers AES-GCM first; in-memory state needs no encryption.
        services.TryAddSingleton<ISecretProtector>(NoSecretProtector.Instance);
        services.TryAddSingleton<NotifyMetrics>();
        services.AddTrackingGrains();
        services.AddOptions<SenderOptions>();
        services.AddOptions<RetryOptions>();
        return services;
    }
}
