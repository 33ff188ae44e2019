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
    /// </summary>
    public static IServiceCollection AddPostgreSqlMessageStore(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<IMessageStore, PostgreSqlMessageStore>();
        return services;
    }
}
