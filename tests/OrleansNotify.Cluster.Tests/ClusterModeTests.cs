using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OrleansNotify.Cluster.Tests.Support;

namespace OrleansNotify.Cluster.Tests;

/// <summary>A cluster-mode silo on PostgreSQL and a front end connected to it as an Orleans client.</summary>
public sealed class ClusterModeTests(SiloAndFrontendFixture cluster) : IClassFixture<SiloAndFrontendFixture>
{
    [Fact]
    public async Task Frontend_CreatePortalAndSubmit_PickupMessageIsSent()
    {
        using var frontend = cluster.Frontend.CreateClient();
        var portalId = ClusterApi.NewId("p");
        var folder = Path.Combine(cluster.PickupRoot, portalId);

        await frontend.SendAsync(HttpMethod.Put, $"/v1/portals/{portalId}", ClusterApi.PickupPortal(folder), HttpStatusCode.Created);
        var accepted = await frontend.SendAsync(HttpMethod.Post, $"/v1/portals/{portalId}/messages", ClusterApi.Mail(), HttpStatusCode.Accepted);
        var messageId = accepted.GetProperty("messageId").GetString()!;

        await frontend.WaitForStatusAsync(portalId, messageId, "sent");
        Assert.Single(Directory.GetFiles(folder, $"{messageId}-*.eml"));
        // Accepted went through PostgreSQL: the message row and its owner are in the database.
        Assert.Equal(1, await cluster.Database.ScalarAsync($"SELECT count(*) FROM notify_messages WHERE portal_id = '{portalId}' AND status = 'sent'"));
    }

    [Fact]
    public async Task Silo_MailSendWithPortalKey_IsSentAndVisibleThroughFrontend()
    {
        using var admin = cluster.Silo.CreateClient();
        var portalId = ClusterApi.NewId("p");
        await admin.SendAsync(HttpMethod.Put, $"/v1/portals/{portalId}", ClusterApi.PickupPortal(Path.Combine(cluster.PickupRoot, portalId)), HttpStatusCode.Created);
        var key = (await admin.SendAsync(HttpMethod.Post, $"/v1/portals/{portalId}/keys", null, HttpStatusCode.Created)).GetProperty("key").GetString()!;

        using var portal = cluster.Silo.CreateClient(key);
        using var response = await portal.PostAsync(new Uri("/v3/mail/send", UriKind.Relative), new StringContent(ClusterApi.Mail(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messageId = response.Headers.GetValues("X-Message-Id").Single();
        using var frontend = cluster.Frontend.CreateClient();
        await frontend.WaitForStatusAsync(portalId, messageId, "sent");
    }

    [Fact]
    public async Task PortalSecrets_StoredGrainState_HoldsNoSecretInClear()
    {
        const string secret = "SG.cluster-test-secret-value-0123456789";
        using var admin = cluster.Frontend.CreateClient();
        var portalId = ClusterApi.NewId("p");
        var portal = new JsonObject
        {
            ["displayName"] = portalId,
            ["notifier"] = new JsonObject { ["kind"] = "sendgrid", ["apiKey"] = secret, ["baseUrl"] = "http://127.0.0.1:9" },
            ["defaults"] = new JsonObject { ["from"] = new JsonObject { ["email"] = "noreply@example.com" } },
        }.ToJsonString();


        var created = await admin.SendAsync(HttpMethod.Put, $"/v1/portals/{portalId}", portal, HttpStatusCode.Created);

        Assert.Equal("********", created.GetProperty("config").GetProperty("notifier").GetProperty("apiKey").GetString());
        var stored = await StoredStateAsync(portalId);
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster-test-secret", stored, StringComparison.Ordinal);
        Assert.Contains("enc:v1:", stored, StringComparison.Ordinal);
    }

    /// <summary>
    /// The stored portal state whose payload names <paramref name="portalId"/> (the test uses it as the
    /// display name), decoded byte for byte (Latin-1) so any clear text in the binary payload shows.
    /// </summary>
    private async Task<string> StoredStateAsync(string portalId)
    {
        await using var command = cluster.Database.DataSource.CreateCommand(
            "SELECT PayloadBinary FROM OrleansStorage WHERE ServiceId = $1 AND PayloadBinary IS NOT NULL");
        command.Parameters.AddWithValue(cluster.ServiceId);
        var rows = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var payload = Encoding.Latin1.GetString(reader.GetFieldValue<byte[]>(0));
            if (payload.Contains(portalId, StringComparison.Ordinal))
            {
                rows.Append(payload);
            }
        }

        return rows.ToString();
    }
}
