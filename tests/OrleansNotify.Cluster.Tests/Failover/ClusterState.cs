using Npgsql;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>What the database says about the cluster: silo status in Orleans' membership table, message status.</summary>
internal static class ClusterState
{
    /// <summary>Orleans' SiloStatus.Dead as the membership table stores it.</summary>
    public const int Dead = 6;

    /// <summary>The status of the newest row for the silo listening on <paramref name="siloPort"/>, or null.</summary>
    public static async Task<int?> SiloStatusAsync(NpgsqlDataSource db, string clusterId, int siloPort)
    {
        await using var command = db.CreateCommand(
            "SELECT status FROM orleansmembershiptable WHERE deploymentid = $1 AND port = $2 ORDER BY generation DESC LIMIT 1");
        command.Parameters.AddWithValue(clusterId);
        command.Parameters.AddWithValue(siloPort);
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }

    /// <summary>message id → status of every stored message.</summary>
    public static async Task<Dictionary<string, string>> StatusesAsync(NpgsqlDataSource db)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = db.CreateCommand("SELECT message_id, status FROM notify_messages");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statuses[reader.GetString(0)] = reader.GetString(1);
        }

        return statuses;
    }

    /// <summary>portal id → owner version: it only grows as activations take a portal over.</summary>
    public static async Task<Dictionary<string, long>> OwnerVersionsAsync(NpgsqlDataSource db)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = db.CreateCommand("SELECT portal_id, owner_version FROM notify_portal_owners");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    /// <summary>Distinct owners holding an unexpired lease on a stream queue of this service.</summary>
    public static async Task<int> QueueOwnersAsync(NpgsqlDataSource db, string serviceId)
    {
        await using var command = db.CreateCommand(
            "SELECT count(DISTINCT owner) FROM notify_stream_lease WHERE service_id = $1 AND expires_at > now()");
        command.Parameters.AddWithValue(serviceId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
