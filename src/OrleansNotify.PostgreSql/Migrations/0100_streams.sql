-- Stream queues of the PostgreSQL stream provider (OrleansNotify.Streaming.PostgreSql).
-- One table holds every queue: rows are keyed by (service_id, provider_id, queue_id), so two clusters
-- (service ids) and several providers can share a database without seeing each other's rows.
-- Implementation notes:
--  * message_id (bigserial) orders a queue: receivers claim in message_id order, which keeps each
--    stream (always mapped to one queue) in publish order, and it is the stream sequence token.
--  * A claim sets visible_at = now() + visibility timeout and bumps dequeue_count; a receiver that dies
--    leaves its rows to reappear after the timeout. Rows claimed too often move to the dead letters.
--  * notify_stream_lease fences a queue to one receiver: Orleans' balancers can briefly give a queue
--    to two silos while membership changes; the claim takes or renews the lease in the same statement
--    and claims nothing without it, so a stream is never pulled by two receivers at once.
--  * Every claim and delete predicate is indexed by the one key (service, provider, queue, message_id):
--    claims walk a queue in order, deletes and visibility updates name the queue and the ids. A separate
--    key on message_id alone tempted the planner into walking every queue's rows (measured: 20-50 ms
--    per claim after a few thousand deletes, against well under 1 ms).
CREATE TABLE IF NOT EXISTS notify_stream_queue (
    message_id    bigserial   NOT NULL,
    service_id    text        NOT NULL,
    provider_id   text        NOT NULL,
    queue_id      integer     NOT NULL,
    payload       bytea       NOT NULL,
    dequeue_count integer     NOT NULL DEFAULT 0,
    visible_at    timestamptz NOT NULL DEFAULT now(),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, provider_id, queue_id, message_id)
);

-- Rows that could not be delivered: kept for inspection and manual replay, never retried automatically.
CREATE TABLE IF NOT EXISTS notify_stream_dead_letter (
    message_id    bigint      PRIMARY KEY,
    service_id    text        NOT NULL,
    provider_id   text        NOT NULL,
    queue_id      integer     NOT NULL,
    payload       bytea       NOT NULL,
    dequeue_count integer     NOT NULL,
    created_at    timestamptz NOT NULL,
    dead_at       timestamptz NOT NULL DEFAULT now(),
    reason        text        NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_notify_stream_dead_letter_queue
    ON notify_stream_dead_letter (service_id, provider_id, queue_id, message_id);

-- One row per queue that has been pulled: who pulls it, until when (renewed by every claim).
CREATE TABLE IF NOT EXISTS notify_stream_lease (
    service_id  text        NOT NULL,
    provider_id text        NOT NULL,
    queue_id    integer     NOT NULL,
    owner       text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (service_id, provider_id, queue_id)
);
