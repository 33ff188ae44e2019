using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace OrleansNotify.Streaming.PostgreSql.Queues;

/// <summary>
/// The rows of one provider's queues in one service: enqueue, claim, delete, extend, release, dead-letter.
/// Each call is one round trip; the adapter and the receivers only move rows through it.
/// </summary>
public sealed class PostgreSqlQueueTable(NpgsqlDataSource dataSource, string serviceId, string providerId)
{
    /// <summary>The LISTEN/NOTIFY channel shared by every provider; the payload says which queues got rows.</summary>
    public const string NotifyChannel = "notify_streams";

    public string ServiceId { get; } = serviceId;

    public string ProviderId { get; } = providerId;

    /// <summary>Inserts the rows in one statement and one transaction; returns after COMMIT.</summary>
    public async Task EnqueueAsync(IReadOnlyList<QueueRow> rows, bool notify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var queues = new int[rows.Count];
        var payloads = new byte[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            queues[i] = rows[i].QueueId;
            payloads[i] = rows[i].Payload;
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(QueueSql.Insert, ServiceId, ProviderId, queues, payloads));
        if (notify)
        {
            // Npgsql runs a batch as one implicit transaction: listeners hear of the rows only once they commit.
            batch.BatchCommands.Add(Command(QueueSql.Notify, NotifyChannel, NotificationPayload(queues)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> visible rows of a queue, oldest first. With a
    /// <paramref name="lease"/>, only while holding the queue's lease (taken or renewed by this call).
    /// <paramref name="deliveredFirst"/> rows are deleted in the same round trip and transaction.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedRow>> ClaimAsync(
        int queueId, int maxCount, TimeSpan visibility, int maxDeliveryAttempts, CancellationToken cancellationToken,
        QueueLease? lease = null, IReadOnlyCollection<long>? deliveredFirst = null)
    {
        await using var batch = dataSource.CreateBatch();
        if (deliveredFirst is { Count: > 0 })
        {
            batch.BatchCommands.Add(Command(QueueSql.Delete, ServiceId, ProviderId, queueId, deliveredFirst.ToArray()));
        }

        var claim = Command(lease is null ? QueueSql.Claim : QueueSql.LeasedClaim, ServiceId, ProviderId, queueId, maxCount);
        claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = visibility, NpgsqlDbType = NpgsqlDbType.Interval });
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxDeliveryAttempts });
        if (lease is not null)
        {
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lease.Owner });
            claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease.Duration, NpgsqlDbType = NpgsqlDbType.Interval });
        }

        batch.BatchCommands.Add(claim);
        var rows = new List<ClaimedRow>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new ClaimedRow(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<byte[]>(3)));
        }

        // UPDATE ... RETURNING does not promise an order; the stream order is the message id.
        rows.Sort(static (a, b) => a.MessageId.CompareTo(b.MessageId));
        return rows;
    }

    /// <summary>Deletes delivered rows of a queue; returns how many were still there.</summary>
    public Task<int> DeleteAsync(int queueId, IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
        => ExecuteAsync(QueueSql.Delete, cancellationToken, ServiceId, ProviderId, queueId, messageIds.ToArray());

    /// <summary>Keeps claimed rows invisible for another <paramref name="visibility"/> (zero releases them).</summary>
    public Task<int> SetVisibilityAsync(int queueId, IReadOnlyCollection<long> messageIds, TimeSpan visibility, CancellationToken cancellationToken)
        => ExecuteAsync(QueueSql.SetVisibility, cancellationToken, ServiceId, ProviderId, queueId, messageIds.ToArray(), visibility);

    /// <summary>Moves rows to the dead letters with a reason (e.g. a payload that cannot be read).</summary>
    public Task<int> DeadLetterAsync(int queueId, IReadOnlyCollection<long> messageIds, string reason, CancellationToken cancellationToken)
        => ExecuteAsync(QueueSql.DeadLetter, cancellationToken, ServiceId, ProviderId, queueId, messageIds.ToArray(), reason);

    /// <summary>Extends the lease if <paramref name="lease"/> still holds it; false when it was lost.</summary>
    public async Task<bool> RenewLeaseAsync(int queueId, QueueLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return await ExecuteAsync(QueueSql.RenewLease, cancellationToken, ServiceId, ProviderId, queueId, lease.Owner, lease.Duration).ConfigureAwait(false) > 0;
    }

    /// <summary>Gives the queue up at once (graceful hand-off), if <paramref name="owner"/> holds it.</summary>
    public Task<int> ReleaseLeaseAsync(int queueId, string owner, CancellationToken cancellationToken)
        => ExecuteAsync(QueueSql.ReleaseLease, cancellationToken, ServiceId, ProviderId, queueId, owner);

    /// <summary>Notification payload: "service/provider/q1,q2" (identifiers are the provider's own names).</summary>
    internal string NotificationPayload(IEnumerable<int> queues)
        => $"{ServiceId}/{ProviderId}/{string.Join(',', queues.Distinct().Select(q => q.ToString(CultureInfo.InvariantCulture)))}";

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        if (values.Any(v => v is long[] { Length: 0 }))
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is TimeSpan span
                ? new NpgsqlParameter { Value = span, NpgsqlDbType = NpgsqlDbType.Interval }
                : new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
