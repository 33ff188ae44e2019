using System.Net;
using OrleansNotify.Cluster.Tests.Support;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Cluster.Tests;

/// <summary>Two clusters (own ClusterId and ServiceId) on one database: membership and portals stay apart.</summary>
public sealed class ServiceIsolationTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    [Fact]
    public async Task TwoClusters_OneDatabase_DoNotSeeEachOthersSilosOrPortals()
    {
        var (clusterA, serviceA, clusterB, serviceB) = (ClusterApi.NewId("ca"), ClusterApi.NewId("sa"), ClusterApi.NewId("cb"), ClusterApi.NewId("sb"));
        await using var a = await ClusterHost.StartSiloAsync(ClusterHost.SiloArgs(database.ConnectionString, clusterA, serviceA));
        await using var b = await ClusterHost.StartSiloAsync(ClusterHost.SiloArgs(database.ConnectionString, clusterB, serviceB));
        using var adminA = a.CreateClient();
        using var adminB = b.CreateClient();
        const string shared = "same-portal-id";

        await adminA.SendAsync(HttpMethod.Put, $"/v1/portals/{shared}", ClusterApi.PickupPortal("/tmp/notify-a", "portal of A"), HttpStatusCode.Created);
        // Created, not replaced: B's portal grain reads B's state only.
        await adminB.SendAsync(HttpMethod.Put, $"/v1/portals/{shared}", ClusterApi.PickupPortal("/tmp/notify-b", "portal of B"), HttpStatusCode.Created);
        await adminA.SendAsync(HttpMethod.Put, "/v1/portals/only-in-a", ClusterApi.PickupPortal("/tmp/notify-a2"), HttpStatusCode.Created);

        var inA = await adminA.SendAsync(HttpMethod.Get, $"/v1/portals/{shared}", null, HttpStatusCode.OK);
        var inB = await adminB.SendAsync(HttpMethod.Get, $"/v1/portals/{shared}", null, HttpStatusCode.OK);
        Assert.Equal("portal of A", inA.GetProperty("config").GetProperty("displayName").GetString());
        Assert.Equal("portal of B", inB.GetProperty("config").GetProperty("displayName").GetString());
        await adminB.SendAsync(HttpMethod.Get, "/v1/portals/only-in-a", null, HttpStatusCode.NotFound);
        var listB = await adminB.SendAsync(HttpMethod.Get, "/v1/portals", null, HttpStatusCode.OK);
        Assert.Equal([shared], listB.GetProperty("portals").EnumerateArray().Select(p => p.GetProperty("portalId").GetString()));

        // Each cluster's membership holds its own active silo only.
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterA}' AND Status = 3"));
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterB}' AND Status = 3"));
        Assert.Equal(2, await database.ScalarAsync($"SELECT count(DISTINCT ServiceId) FROM OrleansStorage WHERE ServiceId IN ('{serviceA}', '{serviceB}')"));
    }

    [Fact]
    public async Task Frontend_OfOneCluster_ReachesOnlyThatClustersPortals()
    {
        var (clusterA, serviceA, clusterB, serviceB) = (ClusterApi.NewId("ca"), ClusterApi.NewId("sa"), ClusterApi.NewId("cb"), ClusterApi.NewId("sb"));
        await using var a = await ClusterHost.StartSiloAsync(ClusterHost.SiloArgs(database.ConnectionString, clusterA, serviceA));
        await using var b = await ClusterHost.StartSiloAsync(ClusterHost.SiloArgs(database.ConnectionString, clusterB, serviceB));
        await using var frontendB = await ClusterHost.StartFrontendAsync(database.ConnectionString, clusterB, serviceB);
        using var adminA = a.CreateClient();
        using var viaFrontendB = frontendB.CreateClient();
        var portalId = ClusterApi.NewId("p");

        await adminA.SendAsync(HttpMethod.Put, $"/v1/portals/{portalId}", ClusterApi.PickupPortal("/tmp/notify-fa"), HttpStatusCode.Created);

        await viaFrontendB.SendAsync(HttpMethod.Get, $"/v1/portals/{portalId}", null, HttpStatusCode.NotFound);
        await viaFrontendB.SendAsync(HttpMethod.Put, $"/v1/portals/{portalId}", ClusterApi.PickupPortal("/tmp/notify-fb", "via B"), HttpStatusCode.Created);
        var inA = await adminA.SendAsync(HttpMethod.Get, $"/v1/portals/{portalId}", null, HttpStatusCode.OK);
        Assert.NotEqual("via B", inA.GetProperty("config").GetProperty("displayName").GetString());
    }
}
