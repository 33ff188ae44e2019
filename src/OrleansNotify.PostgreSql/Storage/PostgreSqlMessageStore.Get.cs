using Npgsql;
using OrleansNotify.Messages;

namespace OrleansNotify.PostgreSql.Storage;

public sealed partial class PostgreSqlMessageStore
{
    public async Task<MessageView?> GetAsync(string portalId, string messageId, CancellationToken cancellationToken)
    {
        // Row and timeline in one batch (one round trip); "accepted" is the row's accepted_at.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT {Columns} FROM notify_messages WHERE service_id = $1 AND portal_id = $2 AND message_id = $3", portalId, messageId));
        batch.BatchCommands.Add(Command("""
            SELECT at, event, detail FROM notify_message_events
            WHERE service_id = $1 AND portal_id = $2 AND message_id = $3 ORDER BY at, seq
            """, portalId, messageId));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var m = ReadMessage(reader);
        var timeline = new List<TimelineEntry> { new(m.AcceptedAt, "accepted") };
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            timeline.Add(new TimelineEntry(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return new MessageView
        {
            MessageId = m.MessageId,
            PortalId = portalId,
            Status = m.Status,
            Attempts = m.Attempts,
            LastError = m.LastError,
            ProviderMessageId = m.ProviderMessageId,
            Importance = m.Importance,
            AcceptedAt = m.AcceptedAt,
            SendAt = m.SendAt,
            Timeline = timeline,
        };
    }

    private NpgsqlBatchCommand Command(string sql, string portalId, string messageId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(Text(serviceId));
        command.Parameters.Add(Text(portalId));
        command.Parameters.Add(Text(messageId));
        return command;
    }
}
