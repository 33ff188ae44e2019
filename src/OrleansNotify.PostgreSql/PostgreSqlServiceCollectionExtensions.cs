using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OrleansNotify.PostgreSql.Storage;
using OrleansNotify.Storage;

namespace OrleansNotify.PostgreSql;

public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgreSqlMessageStore"/> as the <see cref="IMessageStore"/>, over the
    /// process's one <see cref="NpgsqlDataSource"/> (added here unless the host registered its own).
    /// Its rows are scoped by <paramref name="serviceId"/> (pass Orleans' ServiceId), so services sharing
    /// one database keep apart; '' is the service of rows written before the scoping existed.
    /// </summary>
    public static IServiceCollection AddPostgreSqlMessageStore(this IServiceCollection services, string connectionString, string serviceId = "")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(serviceId);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<IMessageStore>(sp => new PostgreSqlMessageStore(sp.GetRequiredService<NpgsqlDataSource>(), serviceId));
        return services;
    }
}
