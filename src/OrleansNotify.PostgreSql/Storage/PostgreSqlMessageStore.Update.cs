using Npgsql;
using NpgsqlTypes;
using OrleansNotify.Storage;

namespace OrleansNotify.PostgreSql.Storage;

public sealed partial class PostgreSqlMessageStore
{
    // One statement for every portal of a group commit (one round trip, one atomic write); PostgreSQL's
    // per-statement cost (executor start-up of a dozen nodes, a trigger queue) was most of a status write.
    // - $2/$3 are the calls (portal, owner version) in portal order; each change names its call ($4).
    // - current_owner locks each call's owner row as AcquireAsync's UPDATE does, in the calls' order, so two
    //   writes cannot deadlock and a write waiting behind AcquireAsync then reads the new version;
    // - a call whose portal has a newer owner is not allowed: none of its changes is written, and it gets
    //   false back (StaleOwnerException) while the other calls of the statement still write;
    // - several changes of one message end as the last one, keeping the last non-null error and provider
    //   id, as applying them one by one would; every change's event is logged;
    // - LATERAL ... LIMIT 1 keeps each lookup a primary-key probe whatever the statistics say: joined to
    //   the changes alone, a generic plan may hash- or merge-join over a whole portal's rows.
    // $1 is the service id: every table read or written here is scoped by it.
    private const string UpdateSql = """
        WITH call AS MATERIALIZED (
            SELECT c.* FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS c(portal_id, owner, call)),
        current_owner AS MATERIALIZED (
            SELECT c.call, c.portal_id, c.owner, o.owner_version FROM call c
            LEFT JOIN LATERAL (SELECT owner_version FROM notify_portal_owners
                               WHERE service_id = $1 AND portal_id = c.portal_id FOR NO KEY UPDATE) o ON true
            ORDER BY c.call),
        allowed AS MATERIALIZED (
            SELECT call, portal_id, owner_version IS NULL OR owner_version <= owner AS ok FROM current_owner),
        change AS MATERIALIZED (
            SELECT a.portal_id, x.* FROM unnest($4::integer[], $5::text[], $6::text[], $7::integer[], $8::timestamptz[],
                                                $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::text[])
                WITH ORDINALITY AS x(call, message_id, status, attempts, not_before, last_error,
                                     provider_message_id, at, event, detail, ord)
            JOIN allowed a ON a.call = x.call AND a.ok),
        final AS MATERIALIZED (
            SELECT f.*, t.tid FROM (
                SELECT portal_id, message_id,
                       (array_agg(status ORDER BY ord DESC))[1] AS status,
                       (array_agg(attempts ORDER BY ord DESC))[1] AS attempts,
                       (array_agg(not_before ORDER BY ord DESC))[1] AS not_before,
                       (array_agg(last_error ORDER BY ord DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error,
                       (array_agg(provider_message_id ORDER BY ord DESC) FILTER (WHERE provider_message_id IS NOT NULL))[1] AS provider_message_id
                FROM change GROUP BY portal_id, message_id ORDER BY portal_id, message_id) f
            CROSS JOIN LATERAL (SELECT m.ctid AS tid FROM notify_messages m
                                WHERE m.service_id = $1 AND m.portal_id = f.portal_id AND m.message_id = f.message_id LIMIT 1) t),
        updated AS (
            UPDATE notify_messages m
            SET status = f.status, attempts = f.attempts, not_before = f.not_before,
                last_error = COALESCE(f.last_error, m.last_error),
                provider_message_id = COALESCE(f.provider_message_id, m.provider_message_id)
            FROM final f
            WHERE m.ctid = f.tid
            RETURNING m.portal_id, m.message_id),
        logged AS (
            INSERT INTO notify_message_events (service_id, portal_id, message_id, at, event, detail)
            SELECT $1, c.portal_id, c.message_id, c.at, c.event, c.detail
            FROM change c WHERE (c.portal_id, c.message_id) IN (SELECT portal_id, message_id FROM updated)
            ORDER BY c.ord)
        SELECT ok FROM allowed ORDER BY call
        """;

    // Calls without changes only ask whether their owner is current (the portal grain's check before it
    // sends): a read, so no row lock, no transaction id and no WAL flush at commit. It sees ownership as of
    // its snapshot, as a committed status write would have before the send.
    private const string CheckSql = """
        SELECT NOT EXISTS (SELECT 1 FROM notify_portal_owners o
                           WHERE o.service_id = $1 AND o.portal_id = c.portal_id AND o.owner_version > c.owner)
        FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS c(portal_id, owner, call) ORDER BY c.call
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
        () => new(UpdateManyAsync, c => Math.Max(1, c.Changes.Count), Math.Max(1, writers), MaxRowsPerAdd));

    /// <summary>
    /// The waiting portals' writes as one statement: one commit, each call still owner-checked on its own.
    /// Calls go in portal order, so the owner rows are locked in one order by every write.
    /// </summary>
    private async Task<IReadOnlyList<bool>> UpdateManyAsync(IReadOnlyList<PendingUpdate> calls)
    {
        var order = Enumerable.Range(0, calls.Count).OrderBy(i => calls[i].PortalId, StringComparer.Ordinal).ToArray();
        var sorted = order.Select(i => calls[i]).ToArray();
        var changes = sorted.SelectMany((call, n) => call.Changes.Select(c => (Call: n + 1, Change: c))).ToArray();
        await using var command = dataSource.CreateCommand(changes.Length == 0 ? CheckSql : UpdateSql);
        var p = command.Parameters;
        p.Add(Text(serviceId));
        p.Add(ArrayOf(sorted, c => c.PortalId, NpgsqlDbType.Text));
        p.Add(ArrayOf(sorted, c => c.Owner, NpgsqlDbType.Bigint));
        if (changes.Length == 0)
        {
            return await ReadAllowedAsync(command, order, calls.Count).ConfigureAwait(false);
        }

        p.Add(ArrayOf(changes, c => c.Call, NpgsqlDbType.Integer));
        p.Add(ArrayOf(changes, c => c.Change.MessageId, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => MessageStatusNames.ToName(c.Change.Status), NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.Change.Attempts, NpgsqlDbType.Integer));
        p.Add(ArrayOf(changes, c => Utc(c.Change.NotBefore), NpgsqlDbType.TimestampTz));
        p.Add(ArrayOf(changes, c => c.Change.LastError, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.Change.ProviderMessageId, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.Change.Event.At.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        p.Add(ArrayOf(changes, c => c.Change.Event.Event, NpgsqlDbType.Text));
        p.Add(ArrayOf(changes, c => c.Change.Event.Detail, NpgsqlDbType.Text));

        return await ReadAllowedAsync(command, order, calls.Count).ConfigureAwait(false);
    }

    /// <summary>One row per call, in portal order: whether its owner version is current.</summary>
    private static async Task<bool[]> ReadAllowedAsync(NpgsqlCommand command, int[] order, int count)
    {
        var allowed = new bool[count];
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        foreach (var i in order)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            allowed[i] = reader.GetBoolean(0);
        }

        return allowed;
    }

    /// <summary>One <see cref="UpdateAsync"/> call waiting for its statement.</summary>
    private sealed record PendingUpdate(string PortalId, long Owner, IReadOnlyList<MessageChange> Changes);
}
