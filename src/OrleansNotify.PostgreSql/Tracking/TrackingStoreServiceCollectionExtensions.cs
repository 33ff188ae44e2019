using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OrleansNotify.Tracking;

namespace OrleansNotify.PostgreSql.Tracking;

public static class TrackingStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgreSqlTrackingStore"/> over the process's one <see cref="NpgsqlDataSource"/>,
    /// its rows scoped by <paramref name="serviceId"/> (pass Orleans' ServiceId).
    /// </summary>
    public static IServiceCollection AddPostgreSqlTrackingStore(this IServiceCollection services, string connectionString, string serviceId = "")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(serviceId);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<ITrackingStore>(sp => new PostgreSqlTrackingStore(sp.GetRequiredService<NpgsqlDataSource>(), serviceId));
        return services;
    }
}
