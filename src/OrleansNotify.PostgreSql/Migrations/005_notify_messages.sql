-- OrleansNotify's own tables: each portal's queue rows, their timelines and the portal's owner version.
-- The portal grain is the only writer (PostgreSqlMessageStore); every status write names the owner
-- version from notify_portal_owners, so a stale activation cannot overwrite a newer one.

-- One row per portal ever activated. Kept when a portal's messages are deleted: resetting the version
-- would let an old activation's version count as current again.
CREATE TABLE IF NOT EXISTS notify_portal_owners
(
    portal_id     text   NOT NULL,
    owner_version bigint NOT NULL,
    CONSTRAINT pk_notify_portal_owners PRIMARY KEY (portal_id)
);

-- Status names are MessageStatus' JSON names; importance is DeliveryImportance (0 high, 1 normal, 2 low).
CREATE TABLE IF NOT EXISTS notify_messages
(
    portal_id           text        NOT NULL,
    message_id          text        NOT NULL,
    importance          smallint    NOT NULL,
    send_at             timestamptz NULL,
    not_before          timestamptz NULL,
    accepted_at         timestamptz NOT NULL,
    body                bytea       NOT NULL,
    recipients          integer     NOT NULL DEFAULT 1,
    status              text        NOT NULL,
    attempts            integer     NOT NULL DEFAULT 0,
    last_error          text        NULL,
    provider_message_id text        NULL,
    CONSTRAINT pk_notify_messages PRIMARY KEY (portal_id, message_id),
    CONSTRAINT ck_notify_messages_status CHECK
        (status IN ('queued', 'scheduled', 'sending', 'sent', 'failed', 'cancelled', 'suppressed')),
    CONSTRAINT ck_notify_messages_importance CHECK (importance BETWEEN 0 AND 2)
);

-- LoadPending reads only the rows that are not final: a partial index keeps it small as history grows.
CREATE INDEX IF NOT EXISTS ix_notify_messages_pending ON notify_messages (portal_id, accepted_at)
    WHERE status IN ('queued', 'scheduled', 'sending');

-- Everything after "accepted" (which is the row's accepted_at). seq keeps the write order of events
-- that share an instant; the key serves the timeline read and the cascade from notify_messages.
CREATE TABLE IF NOT EXISTS notify_message_events
(
    portal_id  text        NOT NULL,
    message_id text        NOT NULL,
    seq        bigint      GENERATED ALWAYS AS IDENTITY,
    at         timestamptz NOT NULL,
    event      text        NOT NULL,
    detail     text        NULL,
    CONSTRAINT pk_notify_message_events PRIMARY KEY (portal_id, message_id, seq),
    CONSTRAINT fk_notify_message_events_message FOREIGN KEY (portal_id, message_id)
        REFERENCES notify_messages (portal_id, message_id) ON DELETE CASCADE
);
