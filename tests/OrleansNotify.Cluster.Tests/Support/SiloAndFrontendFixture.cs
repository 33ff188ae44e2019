using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Cluster.Tests.Support;

/// <summary>A fresh migrated database, one cluster-mode silo and one front end on it, for a test class.</summary>
public sealed class SiloAndFrontendFixture : IAsyncLifetime
{
    public PostgreSqlDatabase Database { get; } = new();

    public string ClusterId { get; } = ClusterApi.NewId("c");

    public string ServiceId { get; } = ClusterApi.NewId("s");

    public string PickupRoot { get; } = Directory.CreateTempSubdirectory("notify-cluster-tests-").FullName;

    public ClusterHost Silo { get; private set; } = null!;

    public ClusterHost Frontend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Silo = await ClusterHost.StartSiloAsync(ClusterHost.SiloArgs(Database.ConnectionString, ClusterId, ServiceId));
        Frontend = await ClusterHost.StartFrontendAsync(Database.ConnectionString, ClusterId, ServiceId);
    }

    public async Task DisposeAsync()
    {
        if (Frontend is not null)
        {
            await Frontend.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        await Database.DisposeAsync();
        try
        {
            Directory.Delete(PickupRoot, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temp folder later.
        }
    }
}
