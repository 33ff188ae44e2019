using Npgsql;
using NpgsqlTypes;
using OrleansNotify.Tracking;

namespace OrleansNotify.PostgreSql.Tracking;

public sealed partial class PostgreSqlTrackingStore
{
    /// <summary>
    /// Two round trips: BEGIN, the insert and the marks it may touch in one batch; then the fold's upserts
    /// and COMMIT, prepared, in another (four unprepared before: a commit and a separate mark read each
    /// cost a wait on the server, and planning the upserts anew cost PostgreSQL CPU every batch).
    /// </summary>
    public async Task<IReadOnlyList<TrackingEvent>> IngestAsync(string portalId, IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (added, known) = await InsertEventsAsync(connection, portalId, events, cancellationToken).ConfigureAwait(false);
            var changes = TrackingFold.Fold(added, known);
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                AddCounterCommand(batch, portalId, changes.Counters);
                AddMarkCommand(batch, portalId, changes.Marks);
                AddSuppressionCommands(batch, portalId, changes.Suppressions);
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                if (!changes.Suppressions.Any(c => c.Add is null))
                {
                    // Prepared once per pooled connection (Npgsql keeps them); a removal joins a table, so it is
                    // planned per use like the marks read.
                    await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return added;
        }
        catch (Exception) when (connection.State == System.Data.ConnectionState.Open)
        {
            await RollbackAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>BEGIN/COMMIT are our own statements: end a failed transaction before the pool reuses the connection.</summary>
    private static async Task RollbackAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // A broken connection: the pool discards it, and the server ends its transaction.
        }
    }

    /// <summary>
    /// BEGIN, one INSERT for the whole array (RETURNING names the rows that were new) and the stored marks
    /// of every open/click key in the array (a superset of what the new events need), in one round trip.
    /// </summary>
    private async Task<(IReadOnlyList<TrackingEvent> Added, Dictionary<(string Kind, string Key), UniqueMark> Known)> InsertEventsAsync(
        NpgsqlConnection connection, string portalId, IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection);
        await using var _ = batch.ConfigureAwait(false);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO notify_tracking_events (service_id, portal_id, {EventColumns})
            SELECT $1, $2, e.sg_event_id, e.event, e.at, e.email, e.message_id, e.provider_message_id,
                   string_to_array(e.categories, E'\x1f'), e.url, e.reason, e.bounce_type, e.classification, e.asm_group_id, e.machine_open, e.raw
            FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[],
                        $10::text[], $11::text[], $12::text[], $13::text[], $14::integer[], $15::boolean[], $16::text[])
                 AS e({EventColumns})
            ON CONFLICT (service_id, portal_id, sg_event_id) DO NOTHING
            RETURNING sg_event_id
            """);
        var p = insert.Parameters;
        p.Add(Text(serviceId));
        p.Add(Text(portalId));
        p.Add(ArrayOf(events, e => e.EventId, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.Type, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        p.Add(ArrayOf(events, e => e.Email, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.MessageId, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.ProviderMessageId, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => Joined(e.Categories), NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.Url, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.Reason, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.BounceType, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.Classification, NpgsqlDbType.Text));
        p.Add(ArrayOf(events, e => e.AsmGroupId, NpgsqlDbType.Integer));
        p.Add(ArrayOf(events, e => e.MachineOpen, NpgsqlDbType.Boolean));
        p.Add(ArrayOf(events, e => e.Raw, NpgsqlDbType.Text));
        batch.BatchCommands.Add(insert);

        // The marks read sees the state before this batch (the insert above writes no marks).
        var keys = TrackingFold.MarkKeysOf(events);
        // One primary-key probe per key whatever the statistics: a LIMIT keeps the lateral subquery from being
        // pulled up into a join, so no plan (generic, or made on a fresh unanalysed table) can walk the portal's marks.
        var marks = new NpgsqlBatchCommand("""
            SELECT m.kind, m.key, m.first_at, m.categories FROM unnest($3::text[], $4::text[]) AS k(kind, key)
            CROSS JOIN LATERAL (SELECT m.kind, m.key, m.first_at, m.categories FROM notify_tracking_marks m
                WHERE m.service_id = $1 AND m.portal_id = $2 AND m.kind = k.kind AND m.key = k.key LIMIT 1) AS m
            """);
        marks.Parameters.Add(Text(serviceId));
        marks.Parameters.Add(Text(portalId));
        marks.Parameters.Add(ArrayOf(keys, k => k.Kind, NpgsqlDbType.Text));
        marks.Parameters.Add(ArrayOf(keys, k => k.Key, NpgsqlDbType.Text));
        batch.BatchCommands.Add(marks);

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        var known = new Dictionary<(string, string), UniqueMark>();
        // Prepared: the marks read is a probe per key in any plan (a join here, prepared or planned per batch,
        // walked the portal's marks and cost PostgreSQL 150-400 µs per event), and planning the insert per batch cost as much again.
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted.Add(reader.GetString(0));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var mark = new UniqueMark
                {
                    Kind = reader.GetString(0),
                    Key = reader.GetString(1),
                    FirstAt = reader.GetFieldValue<DateTimeOffset>(2),
                    Categories = reader.GetFieldValue<string[]>(3),
                };
                known[(mark.Kind, mark.Key)] = mark;
            }
        }

        // The batch's order, each id once (RETURNING promises no order; a batch may repeat an event).
        return (events.Where(e => inserted.Remove(e.EventId)).ToArray(), known);
    }

    private void AddCounterCommand(NpgsqlBatch batch, string portalId, IReadOnlyList<CounterValue> counters)
    {
        if (counters.Count == 0)
        {
            return;
        }

        var command = new NpgsqlBatchCommand("""
            INSERT INTO notify_tracking_counters AS c (service_id, portal_id, hour, category, metric, count)
            SELECT $1, $2, u.* FROM unnest($3::timestamptz[], $4::text[], $5::smallint[], $6::bigint[]) AS u(hour, category, metric, count)
            ORDER BY u.category, u.hour, u.metric
            ON CONFLICT (service_id, portal_id, category, hour, metric) DO UPDATE SET count = c.count + excluded.count
            """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(ArrayOf(counters, c => c.Key.Hour.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(ArrayOf(counters, c => c.Key.Category, NpgsqlDbType.Text));
        command.Parameters.Add(ArrayOf(counters, c => (short)c.Key.Metric, NpgsqlDbType.Smallint));
        command.Parameters.Add(ArrayOf(counters, c => c.Count, NpgsqlDbType.Bigint));
        batch.BatchCommands.Add(command);
    }

    private void AddMarkCommand(NpgsqlBatch batch, string portalId, IReadOnlyList<UniqueMark> marks)
    {
        if (marks.Count == 0)
        {
            return;
        }

        var command = new NpgsqlBatchCommand("""
            INSERT INTO notify_tracking_marks (service_id, portal_id, kind, key, first_at, categories)
            SELECT $1, $2, u.kind, u.key, u.first_at, string_to_array(u.categories, E'\x1f')
            FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS u(kind, key, first_at, categories)
            ON CONFLICT (service_id, portal_id, kind, key) DO UPDATE SET first_at = excluded.first_at, categories = excluded.categories
            """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(ArrayOf(marks, m => m.Kind, NpgsqlDbType.Text));
        command.Parameters.Add(ArrayOf(marks, m => m.Key, NpgsqlDbType.Text));
        command.Parameters.Add(ArrayOf(marks, m => m.FirstAt.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(ArrayOf(marks, m => Joined(m.Categories), NpgsqlDbType.Text));
        batch.BatchCommands.Add(command);
    }

    /// <summary>The last change per (email, group) wins, as applying them in order would.</summary>
    private void AddSuppressionCommands(NpgsqlBatch batch, string portalId, IReadOnlyList<SuppressionChange> changes)
    {
        var last = new Dictionary<(string, int), SuppressionChange>();
        foreach (var change in changes)
        {
            var key = change.Add is { } add ? (Suppression.Normalize(add.Email), add.GroupId) : (change.RemoveEmail!, change.RemoveGroup);
            last[key] = change;
        }

        var adds = last.Values.Where(c => c.Add is not null).Select(c => c.Add! with { Email = Suppression.Normalize(c.Add!.Email) }).ToArray();
        var removes = last.Where(c => c.Value.Add is null).Select(c => c.Key).ToArray();
        if (adds.Length > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO notify_suppressions (service_id, portal_id, email, group_id, reason, created_at, detail)
                SELECT $1, $2, u.* FROM unnest($3::text[], $4::integer[], $5::text[], $6::timestamptz[], $7::text[]) AS u
                ON CONFLICT (service_id, portal_id, email, group_id)
                DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at, detail = excluded.detail
                """);
            command.Parameters.Add(Text(serviceId));
            command.Parameters.Add(Text(portalId));
            command.Parameters.Add(ArrayOf(adds, s => s.Email, NpgsqlDbType.Text));
            command.Parameters.Add(ArrayOf(adds, s => s.GroupId, NpgsqlDbType.Integer));
            command.Parameters.Add(ArrayOf(adds, s => s.Reason, NpgsqlDbType.Text));
            command.Parameters.Add(ArrayOf(adds, s => s.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz));
            command.Parameters.Add(ArrayOf(adds, s => s.Detail, NpgsqlDbType.Text));
            batch.BatchCommands.Add(command);
        }

        if (removes.Length > 0)
        {
            var command = new NpgsqlBatchCommand("""
                DELETE FROM notify_suppressions s USING unnest($3::text[], $4::integer[]) AS u(email, group_id)
                WHERE s.service_id = $1 AND s.portal_id = $2 AND s.email = u.email AND s.group_id = u.group_id
                """);
            command.Parameters.Add(Text(serviceId));
            command.Parameters.Add(Text(portalId));
            command.Parameters.Add(ArrayOf(removes, r => r.Item1, NpgsqlDbType.Text));
            command.Parameters.Add(ArrayOf(removes, r => r.Item2, NpgsqlDbType.Integer));
            batch.BatchCommands.Add(command);
        }
    }
}
