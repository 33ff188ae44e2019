using System.Diagnostics;
using OrleansNotify.Silo.Hosting;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Cluster.Tests;

/// <summary><c>dotnet OrleansNotify.Silo.dll migrate</c>: migrates an empty database, and a second run changes nothing.</summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_RunTwiceAsAProcess_AppliesOnceThenReportsUpToDate()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync(migrate: false);

        var (firstExit, firstOutput) = await RunSiloAsync(database.ConnectionString, "migrate");
        var applied = await database.ScalarAsync("SELECT count(*) FROM schema_migrations");
        var (secondExit, secondOutput) = await RunSiloAsync(database.ConnectionString, "migrate");

        Assert.True(firstExit == 0, firstOutput);
        Assert.Contains("applied", firstOutput, StringComparison.Ordinal);
        Assert.True(applied >= 5, $"{applied} migrations recorded");
        Assert.True(secondExit == 0, secondOutput);
        Assert.Contains("up to date", secondOutput, StringComparison.Ordinal);
        Assert.Equal(applied, await database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1, await database.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orleansmembershiptable'"));
    }

    [Fact]
    public async Task Migrate_WithoutConnectionString_ExitsOneNamingTheSetting()
    {
        using var output = new StringWriter();

        var exit = await MigrateCommand.RunAsync(["migrate"], output);

        Assert.Equal(1, exit);
        Assert.Contains("ConnectionStrings:Notify", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The real program, as an operator runs it: <c>dotnet OrleansNotify.Silo.dll migrate</c>.</summary>
    private static async Task<(int Exit, string Output)> RunSiloAsync(string connectionString, string command)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "OrleansNotify.Silo.dll"), command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Notify"] = connectionString },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
