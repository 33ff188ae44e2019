using Npgsql;
using NpgsqlTypes;
using OrleansNotify.Storage;

namespace OrleansNotify.PostgreSql.Storage;

public sealed partial class PostgreSqlMessageStore
{
    // One statement, so one round trip and one atomic write:
    // - current_owner locks the owner row as AcquireAsync's UPDATE does: writes of one portal take turns
    //   (the grain is their only writer, so this costs nothing, and two calls touching the same rows in
    //   different orders cannot deadlock); a write waiting behind AcquireAsync then reads the new version;
    // - when the portal has a newer owner, allowed is false, every later CTE sees no rows, nothing is
    //   written, and the caller gets false back (StaleOwnerException);
    // - several changes of one message in a call end as the last one, keeping the last non-null
    //   error and provider id, as applying them one by one would; every change's event is logged;
    // - "message_id = ANY($4)" lets the planner find the rows by primary key: joined to the CTE alone it
    //   may hash-join over every row of a large portal.
    // $1 is the service id: every table read or written here is scoped by it.
    private const string UpdateSql = """
        WITH current_owner AS MATERIALIZED (
            SELECT owner_version FROM notify_portal_owners WHERE service_id = $1 AND portal_id = $2 FOR NO KEY UPDATE),
        allowed AS MATERIALIZED (
            SELECT NOT EXISTS (SELECT 1 FROM current_owner WHERE owner_version > $3) AS ok),
        change AS MATERIALIZED (
            SELECT c.* FROM unnest($4::text[], $5::text[], $6::integer[], $7::timestamptz[], $8::text[],
                                   $9::text[], $10::timestamptz[], $11::text[], $12::text[])
                            WITH ORDINALITY AS c(message_id, status, attempts, not_before, last_error,
                                                 provider_message_id, at, event, detail, ord)
            WHERE (SELECT ok FROM allowed)),
        final AS (
            SELECT message_id,
                   (array_agg(status ORDER BY ord DESC))[1] AS status,
                   (array_agg(attempts ORDER BY ord DESC))[1] AS attempts,
                   (array_agg(not_before ORDER BY ord DESC))[1] AS not_before,
                   (array_agg(last_error ORDER BY ord DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error,
                   (array_agg(provider_message_id ORDER BY ord DESC) FILTER (WHERE provider_message_id IS NOT NULL))[1] AS provider_message_id
            FROM change GROUP BY message_id),
        updated AS (
            UPDATE notify_messages m
            SET status = f.status, attempts = f.attempts, not_before = f.not_before,
                last_error = COALESCE(f.last_error, m.last_error),
                provider_message_id = COALESCE(f.provider_message_id, m.provider_message_id)
            FROM final f
            WHERE m.service_id = $1 AND m.portal_id = $2 AND m.message_id = ANY($4) AND m.message_id = f.message_id
            RETURNING m.message_id),
        logged AS (
            INSERT INTO notify_message_events (service_id, portal_id, message_id, at, event, detail)
            SELECT $1, $2, c.message_id, c.at, c.event, c.detail
            FROM change c WHERE c.message_id IN (SELECT message_id FROM updated)
            ORDER BY c.ord)
        SELECT ok FROM allowed
        """;

    public async Task UpdateAsync(string portalId, long owner, IReadOnlyList<MessageChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!await Updates.RunAsync(new PendingUpdate(portalId, owner, changes), cancellationToken).ConfigureAwait(false))
        {
            throw new StaleOwnerException(portalId, owner);
        }
    }

    /// <summary>Status writes <see cref="UpdateAsync"/> has sent (fewer than calls when concurrent portals coalesce).</summary>
    public long UpdateStatements => Updates.Writes;

    private GroupCommit<PendingUpdate, bool>? _updates;

    private GroupCommit<PendingUpdate, bool> Updates => LazyInitializer.EnsureInitialized(ref _updates,
        () => new(UpdateManyAsync, c => Math.Max(1, c.Changes.Count), Math.Max(1, addWriters), MaxRowsPerAdd));

    /// <summary>
    /// The waiting portals' statements in one batch, so one implicit transaction and one commit. Each keeps
    /// its own owner check (a stale portal writes nothing, the others still do). They run in portal order:
    /// each locks its owner row until the commit, and two batches taking them in one order cannot deadlock.
    /// </summary>
    private async Task<IReadOnlyList<bool>> UpdateManyAsync(IReadOnlyList<PendingUpdate> calls)
    {
        var order = Enumerable.Range(0, calls.Count).OrderBy(i => calls[i].PortalId, StringComparer.Ordinal).ToArray();
        await using var batch = dataSource.CreateBatch();
        foreach (var i in order)
        {
            batch.BatchCommands.Add(UpdateCommand(calls[i]));
        }

        var allowed = new bool[calls.Count];
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        foreach (var i in order)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            allowed[i] = reader.GetBoolean(0);
            await reader.NextResultAsync().ConfigureAwait(false);
        }

        return allowed;
    }

    private NpgsqlBatchCommand UpdateCommand(PendingUpdate call)
    {
        var command = new NpgsqlBatchCommand(UpdateSql);
        var changes = call.Changes;
        var p = command.Parameters;
        p.Add(Text(serviceId));
        p.Add(Text(call.PortalId));
        p.Add(new NpgsqlParameter<long> { TypedValue = call.Owner });
        p.Add(ArrayOf(changes, c => c.MessageId, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => MessageStatusNames.ToName(c.Status), NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.Attempts, NpgsqlDbType.Integer));
        p.Add(ArrayOf(changes, c => Utc(c.NotBefore), NpgsqlDbType.TimestampTz));
        p.Add(ArrayOf(changes, c => c.LastError, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.ProviderMessageId, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.Event.At.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        p.Add(ArrayOf(changes, c => c.Event.Event, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.Event.Detail, NpgsqlDbType.Text));
        return command;
    }

    /// <summary>One <see cref="UpdateAsync"/> call waiting for its statement.</summary>
    private sealed record PendingUpdate(string PortalId, long Owner, IReadOnlyList<MessageChange> Changes);
}
