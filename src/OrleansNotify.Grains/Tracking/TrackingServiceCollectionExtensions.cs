using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

public static class TrackingServiceCollectionExtensions
{
    /// <summary>The in-memory tracking store unless the host registered one (PostgreSQL in cluster mode).</summary>
    public static IServiceCollection AddTrackingGrains(this IServiceCollection services)
    {
        services.TryAddSingleton<ITrackingStore, InMemoryTrackingStore>();
        return services;
    }
}
