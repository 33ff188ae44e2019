-- Two services (different Notify:ServiceId) may share one database: tracking rows gain service_id as
-- the leading column of every key and index, as 006 does for the message tables, so equal portal ids
-- of two services never share events, counters, unique marks or suppressions. Rows from before this
-- script belong to service '' (the store's default). Idempotent: every step drops what it recreates.

ALTER TABLE notify_tracking_events ADD COLUMN IF NOT EXISTS service_id text NOT NULL DEFAULT '';
ALTER TABLE notify_tracking_counters ADD COLUMN IF NOT EXISTS service_id text NOT NULL DEFAULT '';
ALTER TABLE notify_tracking_marks ADD COLUMN IF NOT EXISTS service_id text NOT NULL DEFAULT '';
ALTER TABLE notify_suppressions ADD COLUMN IF NOT EXISTS service_id text NOT NULL DEFAULT '';

-- The default only fills existing rows: a write that forgets its service must fail, not land in ''.
ALTER TABLE notify_tracking_events ALTER COLUMN service_id DROP DEFAULT;
ALTER TABLE notify_tracking_counters ALTER COLUMN service_id DROP DEFAULT;
ALTER TABLE notify_tracking_marks ALTER COLUMN service_id DROP DEFAULT;
ALTER TABLE notify_suppressions ALTER COLUMN service_id DROP DEFAULT;

ALTER TABLE notify_tracking_events DROP CONSTRAINT IF EXISTS pk_notify_tracking_events;
ALTER TABLE notify_tracking_events ADD CONSTRAINT pk_notify_tracking_events PRIMARY KEY (service_id, portal_id, sg_event_id);

ALTER TABLE notify_tracking_counters DROP CONSTRAINT IF EXISTS pk_notify_tracking_counters;
ALTER TABLE notify_tracking_counters ADD CONSTRAINT pk_notify_tracking_counters PRIMARY KEY (service_id, portal_id, category, hour, metric);

ALTER TABLE notify_tracking_marks DROP CONSTRAINT IF EXISTS pk_notify_tracking_marks;
ALTER TABLE notify_tracking_marks ADD CONSTRAINT pk_notify_tracking_marks PRIMARY KEY (service_id, portal_id, kind, key);

ALTER TABLE notify_suppressions DROP CONSTRAINT IF EXISTS pk_notify_suppressions;
ALTER TABLE notify_suppressions ADD CONSTRAINT pk_notify_suppressions PRIMARY KEY (service_id, portal_id, email, group_id);

DROP INDEX IF EXISTS ix_notify_tracking_events_message;
CREATE INDEX ix_notify_tracking_events_message ON notify_tracking_events (service_id, portal_id, message_id)
    WHERE message_id IS NOT NULL;
DROP INDEX IF EXISTS ix_notify_tracking_events_provider;
CREATE INDEX ix_notify_tracking_events_provider ON notify_tracking_events (service_id, portal_id, provider_message_id)
    WHERE provider_message_id IS NOT NULL;
DROP INDEX IF EXISTS ix_notify_tracking_events_at;
CREATE INDEX ix_notify_tracking_events_at ON notify_tracking_events (service_id, portal_id, at);
