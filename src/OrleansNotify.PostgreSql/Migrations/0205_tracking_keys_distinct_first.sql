-- Event and mark keys lead with their most distinct column. Led by (service_id, portal_id), every b-tree
-- comparison of an insert walked two equal text columns before the one that decides, and PostgreSQL cannot
-- cache the offset of a column behind a variable-width one: comparisons were ~30% of PostgreSQL's samples
-- on the webhooks benchmark. Lookups give all columns, so the order does not change which index they use;
-- a portal's events are found by time through the BRIN index, and deleting a portal scans (a rare admin
-- action). ON CONFLICT names the same column set, which matches whatever its order.
ALTER TABLE notify_tracking_events DROP CONSTRAINT IF EXISTS pk_notify_tracking_events;
ALTER TABLE notify_tracking_events ADD CONSTRAINT pk_notify_tracking_events PRIMARY KEY (sg_event_id, portal_id, service_id);

DROP INDEX IF EXISTS ix_notify_tracking_events_message;
CREATE INDEX ix_notify_tracking_events_message ON notify_tracking_events (message_id, portal_id, service_id)
    WHERE message_id IS NOT NULL;
DROP INDEX IF EXISTS ix_notify_tracking_events_provider;
CREATE INDEX ix_notify_tracking_events_provider ON notify_tracking_events (provider_message_id, portal_id, service_id)
    WHERE provider_message_id IS NOT NULL AND message_id IS NULL;

ALTER TABLE notify_tracking_marks DROP CONSTRAINT IF EXISTS pk_notify_tracking_marks;
ALTER TABLE notify_tracking_marks ADD CONSTRAINT pk_notify_tracking_marks PRIMARY KEY (key, kind, portal_id, service_id);
