using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.PostgreSql.Tests;

/// <summary>
/// Our migrations against the real Orleans 10.4 ADO.NET providers (Invariant "Npgsql"): a silo joins
/// membership, writes and re-reads grain state, registers and removes a reminder; a client finds the
/// silo's gateway through the same table; a graceful stop marks the silo dead.
/// </summary>
public sealed class OrleansAdoNetProvidersTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private const string Invariant = "Npgsql";
    private readonly string _clusterId = "probe-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Silo_OnMigratedDatabase_UsesClusteringPersistenceAndReminders()
    {
        using var silo = BuildSilo(FreePort(), FreePort());
        await silo.StartAsync();
        try
        {
            Assert.Equal(1, await Count("OrleansMembershipTable WHERE Status = 3"));
            // Instants arrive as UTC whatever the session's time zone (the silo's is UTC+05:30).
            Assert.Equal(1, await Count("OrleansMembershipTable WHERE abs(extract(epoch FROM now() - StartTime)) < 120"));

            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var probe = grains.GetGrain<IProbeGrain>("p1");
            Assert.Equal(1, await probe.IncrementAsync());
            Assert.Equal(2, await probe.IncrementAsync());
            Assert.Equal(1, await Count("OrleansStorage WHERE Version = 2"));

            // A new activation reads the state back from PostgreSQL.
            await probe.DeactivateAsync();
            Assert.Equal(2, await probe.ReadAsync());
            Assert.Equal(3, await probe.IncrementAsync());
            await probe.ClearAsync();
            Assert.Equal(0, await probe.ReadAsync());
            Assert.Equal(1, await Count("OrleansStorage WHERE PayloadBinary IS NULL"));

            await probe.RegisterReminderAsync("tick");
            Assert.True(await probe.HasReminderAsync("tick"));
            Assert.Equal(1, await Count("OrleansRemindersTable WHERE ReminderName = 'tick'"));
            await probe.UnregisterReminderAsync("tick");
            Assert.False(await probe.HasReminderAsync("tick"));
            Assert.Equal(0, await Count("OrleansRemindersTable"));

            await ClientCallsThroughGatewayAsync();
        }
        finally
        {
            await silo.StopAsync();
        }

        Assert.Equal(1, await Count($"OrleansMembershipTable WHERE DeploymentId = '{_clusterId}' AND Status = 6"));
    }

    private async Task ClientCallsThroughGatewayAsync()
    {
        using var client = new HostBuilder()
            .UseOrleansClient(c => c
                .Configure<ClusterOptions>(Cluster)
                .UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = database.ConnectionString; }))
            .Build();
        await client.StartAsync();
        try
        {
            var probe = client.Services.GetRequiredService<IClusterClient>().GetGrain<IProbeGrain>("from-client");
            Assert.Equal(1, await probe.IncrementAsync());
        }
        finally
        {
            await client.StopAsync();
        }
    }

    private string SiloConnectionString =>
        new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Timezone = "Asia/Kolkata" }.ConnectionString;

    private IHost BuildSilo(int siloPort, int gatewayPort) => new HostBuilder()
        .UseOrleans(silo => silo
            .Configure<ClusterOptions>(Cluster)
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
            .UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = SiloConnectionString; })
            .AddAdoNetGrainStorage("Default", o => { o.Invariant = Invariant; o.ConnectionString = database.ConnectionString; })
            .UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = database.ConnectionString; }))
        .Build();

    private void Cluster(ClusterOptions options)
    {
        options.ClusterId = _clusterId;
        options.ServiceId = "orleansnotify-tests";
    }

    private Task<long> Count(string from) => database.ScalarAsync($"SELECT count(*) FROM {from}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
