using System.Text.Json;
using Npgsql;
using OrleansNotify.Streaming.PostgreSql.Queues;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Streaming.PostgreSql.Tests.Queues;

/// <summary>
/// How much of a backlog one claim reads, counted from PostgreSQL's own plan (rows, not time). The
/// receiver's statements are prepared, so the plan under test is the generic one, on a database that has
/// never been analyzed, as a new deployment's is during its first minute.
/// </summary>
public sealed class ClaimPlanTests(PostgreSqlDatabase db) : IClassFixture<PostgreSqlDatabase>
{
    private const int Backlog = 5_000;
    private const int ClaimSize = 100;

    [Fact]
    public async Task LeasedClaim_LargeBacklog_ReadsOnlyTheRowsItClaims()
    {
        var table = new PostgreSqlQueueTable(db.DataSource, "svc", "plan");
        await table.EnqueueAsync(Enumerable.Range(0, Backlog).Select(i => new QueueRow(0, [1, 2, 3])).ToArray(), notify: false, default);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        await Execute(connection, "SET plan_cache_mode = force_generic_plan");
        await Execute(connection, "PREPARE claim(text, text, integer, integer, interval, integer, text, interval) AS " + QueueSql.LeasedClaim);
        await using var transaction = await connection.BeginTransactionAsync(); // EXPLAIN ANALYZE really claims: roll it back
        await using var explain = new NpgsqlCommand(
            "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE claim('svc', 'plan', 0, 100, '1 minute', 5, 'owner', '1 minute')", connection, transaction);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        var root = plan.RootElement[0].GetProperty("Plan");

        Assert.Equal(ClaimSize, root.GetProperty("Actual Rows").GetInt32());
        // Before the statements found the candidates by ctid, the DELETE and the UPDATE each walked the
        // queue's whole backlog (and the join matched every backlog row against every candidate).
        Assert.InRange(QueueRowsRead(root), ClaimSize, 4 * ClaimSize);
    }

    /// <summary>Rows the plan's scans of the queue table produced or filtered out, over all their loops.</summary>
    private static long QueueRowsRead(JsonElement node)
    {
        long rows = 0;
        if (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "notify_stream_queue"
            && node.TryGetProperty("Actual Loops", out var loops))
        {
            var removed = node.TryGetProperty("Rows Removed by Filter", out var r) ? r.GetInt64() : 0;
            rows += (node.GetProperty("Actual Rows").GetInt64() + removed) * loops.GetInt64();
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                rows += QueueRowsRead(child);
            }
        }

        return rows;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
