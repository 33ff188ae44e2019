-- Two services (different Notify:ServiceId) may share one database, as Orleans' own tables allow: the
-- message tables gain service_id as the leading column of every key and index, so equal portal ids of
-- two services never share queue rows, timelines or owner versions. Rows from before this script
-- belong to service '' (the store's default). Idempotent: every step drops what it recreates.

ALTER TABLE notify_portal_owners ADD COLUMN IF NOT EXISTS service_id text NOT NULL DEFAULT '';
ALTER TABLE notify_messages ADD COLUMN IF NOT EXISTS service_id text NOT NULL DEFAULT '';
ALTER TABLE notify_message_events ADD COLUMN IF NOT EXISTS service_id text NOT NULL DEFAULT '';

-- The default only fills existing rows: a write that forgets its service must fail, not land in ''.
ALTER TABLE notify_portal_owners ALTER COLUMN service_id DROP DEFAULT;
ALTER TABLE notify_messages ALTER COLUMN service_id DROP DEFAULT;
ALTER TABLE notify_message_events ALTER COLUMN service_id DROP DEFAULT;

-- The foreign key depends on notify_messages' key: drop it first, recreate it last.
ALTER TABLE notify_message_events DROP CONSTRAINT IF EXISTS fk_notify_message_events_message;

ALTER TABLE notify_portal_owners DROP CONSTRAINT IF EXISTS pk_notify_portal_owners;
ALTER TABLE notify_portal_owners ADD CONSTRAINT pk_notify_portal_owners PRIMARY KEY (service_id, portal_id);

ALTER TABLE notify_messages DROP CONSTRAINT IF EXISTS pk_notify_messages;
ALTER TABLE notify_messages ADD CONSTRAINT pk_notify_messages PRIMARY KEY (service_id, portal_id, message_id);

ALTER TABLE notify_message_events DROP CONSTRAINT IF EXISTS pk_notify_message_events;
ALTER TABLE notify_message_events ADD CONSTRAINT pk_notify_message_events PRIMARY KEY (service_id, portal_id, message_id, seq);

ALTER TABLE notify_message_events ADD CONSTRAINT fk_notify_message_events_message
    FOREIGN KEY (service_id, portal_id, message_id)
    REFERENCES notify_messages (service_id, portal_id, message_id) ON DELETE CASCADE;

DROP INDEX IF EXISTS ix_notify_messages_pending;
CREATE INDEX ix_notify_messages_pending ON notify_messages (service_id, portal_id, accepted_at)
    WHERE status IN ('queued', 'scheduled', 'sending');
