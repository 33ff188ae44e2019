using Npgsql;
using OrleansNotify.PostgreSql;

namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// <c>dotnet OrleansNotify.Silo.dll migrate</c>: applies the migrations and exits, for operators who
/// migrate before deploying. Reads the same configuration as the silo; running it twice is harmless.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) =>
        args is [var first, ..] && string.Equals(first, Name, StringComparison.OrdinalIgnoreCase);

    /// <returns>The process exit code: 0 migrated (or already current), 1 configuration or database error.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var configuration = WebApplication.CreateBuilder(args[1..]).Configuration;
        var connection = configuration.GetConnectionString("Notify");
        if (string.IsNullOrWhiteSpace(connection))
        {
            await output.WriteLineAsync("migrate: ConnectionStrings:Notify (env ConnectionStrings__Notify) is not set.");
            return 1;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connection);
            var applied = await PostgreSqlMigrator.MigrateAsync(dataSource, cancellationToken);
            await output.WriteLineAsync(applied.Count == 0
                ? "migrate: the database is up to date."
                : $"migrate: applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException)
        {
            await output.WriteLineAsync($"migrate: failed: {ex.Message}");
            return 1;
        }
    }
}
