using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OrleansNotify.Tracking;

namespace OrleansNotify.PostgreSql.Tracking;

public static class TrackingStoreServiceCollectionExtensions
{
    /// <summary>Registers <see cref="PostgreSqlTrackingStore"/> over the process's one <see cref="NpgsqlDataSource"/>.</summary>
    public static IServiceCollection AddPostgreSqlTrackingStore(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<ITrackingStore, PostgreSqlTrackingStore>();
        return services;
    }
}
