using Npgsql;
using NpgsqlTypes;
using OrleansNotify.Tracking;

namespace OrleansNotify.PostgreSql.Tracking;

/// <summary>
/// Cluster-mode <see cref="ITrackingStore"/>. A webhook batch is one transaction of two round trips: one
/// multi-row INSERT (unnest) of its events with ON CONFLICT (sg_event_id) DO NOTHING plus the marks it may
/// touch, then the fold of the new events as one batch of upserts with the COMMIT. Split: .Ingest, .Read (here).
/// Every row and statement is scoped by the service id (Orleans' ServiceId): services sharing one
/// database keep their events, counters and suppressions apart; '' holds rows from before 0201.
/// </summary>
public sealed partial class PostgreSqlTrackingStore(NpgsqlDataSource dataSource, string serviceId = "") : ITrackingStore
{
    /// <summary>Joins a text[] into one array element (2-D arrays must be rectangular): a unit separator.</summary>
    private const char Separator = '\u001f';

    private const string EventColumns =
        "sg_event_id, event, at, email, message_id, provider_message_id, categories, url, reason, bounce_type, classification, asm_group_id, machine_open, raw";

    private readonly string serviceId = serviceId ?? throw new ArgumentNullException(nameof(serviceId));

    public async Task<IReadOnlyList<TrackingEvent>> GetTimelineAsync(string portalId, string messageId, string? providerMessageId, CancellationToken cancellationToken)
    {
        // Two index lookups instead of one OR, which would defeat both partial indexes. The provider id
        // only finds events without our id (0202): a batched send shares it between several messages.
        await using var command = dataSource.CreateCommand($"""
            SELECT {EventColumns} FROM notify_tracking_events WHERE service_id = $1 AND portal_id = $2 AND message_id = $3
            UNION
            SELECT {EventColumns} FROM notify_tracking_events
            WHERE service_id = $1 AND portal_id = $2 AND provider_message_id = $4 AND message_id IS NULL
            ORDER BY at, sg_event_id
            """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(Text(messageId));
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = providerMessageId, NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TrackingEvent>> GetEventsAsync(string portalId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {EventColumns} FROM notify_tracking_events WHERE service_id = $1 AND portal_id = $2 AND at >= $3 AND at < $4 ORDER BY at, sg_event_id
            """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CounterValue>> GetCountersAsync(string portalId, DateTimeOffset from, DateTimeOffset to, string category, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT hour, metric, count FROM notify_tracking_counters
            WHERE service_id = $1 AND portal_id = $2 AND category = $3 AND hour >= $4 AND hour < $5 AND count <> 0
            """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(Text(category));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        var result = new List<CounterValue>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new CounterValue(new CounterKey(reader.GetFieldValue<DateTimeOffset>(0), category, (TrackingMetric)reader.GetInt16(1)), reader.GetInt64(2)));
        }

        return result;
    }

    public async Task<IReadOnlyList<Suppression>> GetSuppressionsAsync(string portalId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT email, group_id, reason, created_at, detail FROM notify_suppressions WHERE service_id = $1 AND portal_id = $2 ORDER BY email, group_id
            """);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        var result = new List<Suppression>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new Suppression
            {
                Email = reader.GetString(0),
                GroupId = reader.GetInt32(1),
                Reason = reader.GetString(2),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(3),
                Detail = reader.IsDBNull(4) ? null : reader.GetString(4),
            });
        }

        return result;
    }

    public async Task PutSuppressionAsync(string portalId, Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            AddSuppressionCommands(batch, portalId, [new SuppressionChange(suppression)]);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteSuppressionAsync(string portalId, string email, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM notify_suppressions WHERE service_id = $1 AND portal_id = $2 AND email = $3");
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(Text(Suppression.Normalize(email)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task DeletePortalAsync(string portalId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var table in new[] { "notify_tracking_events", "notify_tracking_counters", "notify_tracking_marks", "notify_suppressions" })
            {
                var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE service_id = $1 AND portal_id = $2");
                command.Parameters.Add(Text(serviceId));
                command.Parameters.Add(Text(portalId));
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<TrackingEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<TrackingEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            result.Add(new TrackingEvent
            {
                EventId = reader.GetString(0),
                Type = reader.GetString(1),
                Timestamp = reader.GetFieldValue<DateTimeOffset>(2),
                Email = S(3),
                MessageId = S(4),
                ProviderMessageId = S(5),
                Categories = reader.GetFieldValue<string[]>(6),
                Url = S(7),
                Reason = S(8),
                BounceType = S(9),
                Classification = S(10),
                AsmGroupId = reader.IsDBNull(11) ? null : reader.GetInt32(11),
                MachineOpen = reader.GetBoolean(12),
                Raw = reader.GetString(13),
            });
        }

        return result;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter ArrayOf<TItem, TValue>(IReadOnlyList<TItem> items, Func<TItem, TValue> select, NpgsqlDbType type)
    {
        var values = new TValue[items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = select(items[i]);
        }

        return new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }

    private static string Joined(IReadOnlyList<string> values) => string.Join(Separator, values);
}
