using System.Globalization;
using Npgsql;
using OrleansNotify.Cluster.Tests.Processes;
using OrleansNotify.PostgreSql;
using Xunit.Abstractions;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>
/// PostgreSQL restarted under load (its own server, so the shared test server stays up): silos and the
/// front end ride it out without being restarted, and every message they accepted is still sent.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Failover")]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    /// <summary>How long PostgreSQL stays down: longer than a pool's connect attempt, shorter than membership would tolerate.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task PostgresRestart_MidRun_SilosAndFrontendRecoverAndNothingAcceptedIsLost()
    {
        await using var postgres = await PrivatePostgres.StartAsync(durable: false);
        await using (var db = NpgsqlDataSource.Create(postgres.ConnectionString))
        {
            await PostgreSqlMigrator.MigrateAsync(db, CancellationToken.None);
        }

        await using var scenario = await Scenario.StartAsync(output, postgres.ConnectionString);
        var cluster = scenario.Cluster;
        var silos = await cluster.StartSilosAsync(2);
        var (silo1, silo2) = (silos[0], silos[1]);
        var frontend = await cluster.StartFrontendAsync();
        var portals = await scenario.CreatePortalsAsync(frontend.Http, 30, perSecond: 50, burst: 10, maxConcurrency: 4);

        // Paced at 250/s, so submissions keep arriving before, during and after the outage.
        var load = new LoadRun(scenario.Api, () => [frontend.Http]);
        var submitting = load.RunAsync(portals, 1_500, concurrency: 16, TimeSpan.FromMinutes(3), "pgrestart", perSecond: 250);
        await scenario.WaitUntilAsync(() => scenario.Fake.AcceptedPersonalizations >= 300, TimeSpan.FromMinutes(2), load);

        await postgres.StopServerAsync();
        var acceptedAtStop = load.Accepted.Count;
        await Task.Delay(Outage);
        await postgres.StartServerAsync();

        await submitting;
        Assert.Equal(0, load.GaveUp);
        await scenario.WaitForAllAsync(load.Accepted, TimeSpan.FromMinutes(3));

        // The same processes, still serving: nobody restarted them.
        foreach (var host in new[] { silo1, silo2, frontend })
        {
            Assert.False(host.HasExited, $"{host.Name} exited ({host.ExitCode}) after the PostgreSQL restart\n{host.Tail()}");
            await cluster.WaitReadyAsync(host, TimeSpan.FromSeconds(60));
        }

        var duplicates = Deliveries.Duplicates(Deliveries.Read(scenario.Fake));
        scenario.Log(string.Create(CultureInfo.InvariantCulture,
            $"accepted {load.Accepted.Count} ({acceptedAtStop} before the stop), refusals retried {load.Refusals}, duplicates {duplicates.Count}"));
        Assert.True(load.Refusals > 0, "no submission was refused while PostgreSQL was down: the outage was not exercised");
    }
}
