using Npgsql;
using NpgsqlTypes;
using OrleansNotify.Tracking;

namespace OrleansNotify.PostgreSql.Tracking;

public sealed partial class PostgreSqlTrackingStore
{
    public async Task<IReadOnlyList<TrackingEvent>> IngestAsync(string portalId, IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var added = await InsertEventsAsync(connection, transaction, portalId, events, cancellationToken).ConfigureAwait(false);
        if (added.Count > 0)
        {
            var known = await LoadMarksAsync(connection, transaction, portalId, TrackingFold.MarkKeysOf(added), cancellationToken).ConfigureAwait(false);
            var changes = TrackingFold.Fold(added, known);
            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch.ConfigureAwait(false))
            {
                AddCounterCommand(batch, portalId, changes.Counters);
                AddMarkCommand(batch, portalId, changes.Marks);
                AddSuppressionCommands(batch, portalId, changes.Suppressions);
                if (batch.BatchCommands.Count > 0)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>One INSERT for the whole array; RETURNING names the rows that were new.</summary>
    private async Task<IReadOnlyList<TrackingEvent>> InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string portalId, IReadOnlyList<TrackingEvent> events, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO notify_tracking_events (service_id, portal_id, {EventColumns})
            SELECT $1, $2, e.sg_event_id, e.event, e.at, e.email, e.message_id, e.provider_message_id,
                   string_to_array(e.categories, E'\x1f'), e.url, e.reason, e.bounce_type, e.classification, e.asm_group_id, e.machine_open, e.raw
            FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[],
                        $10::text[], $11::text[], $12::text[], $13::text[], $14::integer[], $15::boolean[], $16::text[])
                 AS e({EventColumns})
            ON CONFLICT (service_id, portal_id, sg_event_id) DO NOTHING
            RETURNING sg_event_id
            """, connection, transaction);
        var p = command.Parameters;
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

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        // The batch's order, each id once (RETURNING promises no order; a batch may repeat an event).
        return events.Where(e => inserted.Remove(e.EventId)).ToArray();
    }

    private async Task<IReadOnlyDictionary<(string Kind, string Key), UniqueMark>> LoadMarksAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, string portalId, IReadOnlyList<(string Kind, string Key)> keys, CancellationToken cancellationToken)
    {
        var marks = new Dictionary<(string, string), UniqueMark>();
        if (keys.Count == 0)
        {
            return marks;
        }

        await using var command = new NpgsqlCommand("""
            SELECT m.kind, m.key, m.first_at, m.categories FROM notify_tracking_marks m
            JOIN unnest($3::text[], $4::text[]) AS k(kind, key) ON m.kind = k.kind AND m.key = k.key
            WHERE m.service_id = $1 AND m.portal_id = $2
            """, connection, transaction);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(ArrayOf(keys, k => k.Kind, NpgsqlDbType.Text));
        command.Parameters.Add(ArrayOf(keys, k => k.Key, NpgsqlDbType.Text));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var mark = new UniqueMark
            {
                Kind = reader.GetString(0),
                Key = reader.GetString(1),
                FirstAt = reader.GetFieldValue<DateTimeOffset>(2),
                Categories = reader.GetFieldValue<string[]>(3),
            };
            marks[(mark.Kind, mark.Key)] = mark;
        }

        return marks;
    }

    private void AddCounterCommand(NpgsqlBatch batch, string portalId, IReadOnlyList<CounterValue> counters)
    {
        if (counters.Count == 0)
        {
            return;
        }

        var command = new NpgsqlBatchCommand("""
            INSERT INTO notify_tracking_counters AS c (service_id, portal_id, hour, category, metric, count)
            SELECT $1, $2, u.* FROM unnest($3::timestamptz[], $4::text[], $5::smallint[], $6::bigint[]) AS u
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
