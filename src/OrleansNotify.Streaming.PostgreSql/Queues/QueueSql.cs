namespace OrleansNotify.Streaming.PostgreSql.Queues;

/// <summary>The statements of the queue table (schema: OrleansNotify.PostgreSql/Migrations/0100_streams.sql).</summary>
internal static class QueueSql
{
    /// <summary>One statement for any number of rows: arrays keep it one parameter per column.</summary>
    public const string Insert = """
        INSERT INTO notify_stream_queue (service_id, provider_id, queue_id, payload)
        SELECT $1, $2, q, p FROM unnest($3::integer[], $4::bytea[]) WITH ORDINALITY AS t(q, p, n) ORDER BY n
        """;

    public const string Notify = "SELECT pg_notify($1, $2)";

    /// <summary>
    /// Claims the oldest visible rows of one queue (SKIP LOCKED: concurrent claimers never share a row).
    /// Rows already claimed MaxDeliveryAttempts times move to the dead letters in the same statement.
    /// </summary>
    public static readonly string Claim = "WITH " + ClaimBody.Replace(LeaseCheck, "", StringComparison.Ordinal);

    /// <summary>
    /// As <see cref="Claim"/>, only for the holder of the queue's lease ($7 owner, $8 lease time), which it
    /// takes when free or expired and renews in the same statement; anyone else claims nothing.
    /// </summary>
    public static readonly string LeasedClaim = """
        WITH lease AS (
            INSERT INTO notify_stream_lease AS l (service_id, provider_id, queue_id, owner, expires_at)
            VALUES ($1, $2, $3, $7, now() + $8)
            ON CONFLICT (service_id, provider_id, queue_id) DO UPDATE
                SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
                WHERE l.owner = EXCLUDED.owner OR l.expires_at < now()
            RETURNING owner
        ),
        """ + ClaimBody.Replace(LeaseCheck, " AND EXISTS (SELECT 1 FROM lease)", StringComparison.Ordinal);

    public const string ReleaseLease = "DELETE FROM notify_stream_lease WHERE service_id = $1 AND provider_id = $2 AND queue_id = $3 AND owner = $4";

    public const string RenewLease = "UPDATE notify_stream_lease SET expires_at = now() + $5 WHERE service_id = $1 AND provider_id = $2 AND queue_id = $3 AND owner = $4";

    private const string LeaseCheck = " {lease}";

    // The dead-letter DELETE and the UPDATE find the locked candidates by ctid: joined by message_id, the
    // planner (estimating one row on each side) scanned the whole queue once per statement and matched in a
    // join filter, so a claim cost three passes over a backlog. A row locked FOR UPDATE keeps its ctid
    // until this statement ends.
    private const string ClaimBody = """
        candidates AS (
            SELECT ctid AS row_id, dequeue_count FROM notify_stream_queue
            WHERE service_id = $1 AND provider_id = $2 AND queue_id = $3 AND visible_at <= now() {lease}
            ORDER BY message_id
            LIMIT $4
            FOR UPDATE SKIP LOCKED
        ), dead AS (
            DELETE FROM notify_stream_queue m USING candidates c
            WHERE m.ctid = c.row_id AND c.dequeue_count >= $6
            RETURNING m.*
        ), buried AS (
            INSERT INTO notify_stream_dead_letter
                (message_id, service_id, provider_id, queue_id, payload, dequeue_count, created_at, reason)
            SELECT message_id, service_id, provider_id, queue_id, payload, dequeue_count, created_at,
                   'claimed ' || dequeue_count || ' times without delivery'
            FROM dead
        )
        UPDATE notify_stream_queue m
        SET visible_at = now() + $5, dequeue_count = m.dequeue_count + 1
        FROM candidates c
        WHERE m.ctid = c.row_id AND c.dequeue_count < $6
        RETURNING m.message_id, m.queue_id, m.dequeue_count, m.payload
        """;

    /// <summary>Every statement by ids names the queue too: the primary key starts with it.</summary>
    private const string ByIds = "service_id = $1 AND provider_id = $2 AND queue_id = $3 AND message_id = ANY($4)";

    public const string Delete = "DELETE FROM notify_stream_queue WHERE " + ByIds;

    /// <summary>Keeps a live receiver's claims; a zero interval releases them at once.</summary>
    public const string SetVisibility = "UPDATE notify_stream_queue SET visible_at = now() + $5 WHERE " + ByIds;

    public const string DeadLetter = """
        WITH dead AS (DELETE FROM notify_stream_queue WHERE service_id = $1 AND provider_id = $2 AND queue_id = $3 AND message_id = ANY($4) RETURNING *)
        INSERT INTO notify_stream_dead_letter
            (message_id, service_id, provider_id, queue_id, payload, dequeue_count, created_at, reason)
        SELECT message_id, service_id, provider_id, queue_id, payload, dequeue_count, created_at, $5 FROM dead
        """;
}
