using Npgsql;
using OrleansNotify.PostgreSql;

namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// Brings the database up to date before Orleans starts. The migrator's advisory lock lets silos that
/// start together each run this safely: one applies the scripts, the others then find nothing to do.
/// </summary>
internal sealed partial class StartupMigration(NpgsqlDataSource dataSource, ILogger<StartupMigration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await PostgreSqlMigrator.MigrateAsync(dataSource, cancellationToken);
        LogMigrated(logger, applied.Count, string.Join(", ", applied));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated: {Count} migration(s) applied ({Versions})")]
    private static partial void LogMigrated(ILogger logger, int count, string versions);
}
