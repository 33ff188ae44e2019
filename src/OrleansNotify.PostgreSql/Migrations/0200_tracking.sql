-- Tracking (SendGrid Event Webhook): raw events de-duplicated by sg_event_id, hourly counters folded from
-- them, first open/click marks for unique counts, and per-portal suppressions. The portal's tracking
-- grain is the only writer (PostgreSqlTrackingStore); one webhook batch is one transaction.

CREATE TABLE IF NOT EXISTS notify_tracking_events
(
    portal_id           text        NOT NULL,
    sg_event_id         text        NOT NULL,
    event               text        NOT NULL,
    at                  timestamptz NOT NULL,
    email               text        NULL,
    message_id          text        NULL,
    provider_message_id text        NULL,
    categories          text[]      NOT NULL,
    url                 text        NULL,
    reason              text        NULL,
    bounce_type         text        NULL,
    classification      text        NULL,
    asm_group_id        integer     NULL,
    machine_open        boolean     NOT NULL DEFAULT false,
    raw                 text        NOT NULL,
    CONSTRAINT pk_notify_tracking_events PRIMARY KEY (portal_id, sg_event_id)
);

-- Timelines look a message up by our id or by the X-Message-Id (sg_message_id prefix).
CREATE INDEX IF NOT EXISTS ix_notify_tracking_events_message ON notify_tracking_events (portal_id, message_id)
    WHERE message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_notify_tracking_events_provider ON notify_tracking_events (portal_id, provider_message_id)
    WHERE provider_message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_notify_tracking_events_at ON notify_tracking_events (portal_id, at);

-- metric is OrleansNotify.Tracking.TrackingMetric; category '' counts every event of the hour.
CREATE TABLE IF NOT EXISTS notify_tracking_counters
(
    portal_id text        NOT NULL,
    hour      timestamptz NOT NULL,
    category  text        NOT NULL,
    metric    smallint    NOT NULL,
    count     bigint      NOT NULL,
    CONSTRAINT pk_notify_tracking_counters PRIMARY KEY (portal_id, category, hour, metric)
);

-- The earliest open/click of one recipient of one message: where its unique count lives.
CREATE TABLE IF NOT EXISTS notify_tracking_marks
(
    portal_id  text        NOT NULL,
    kind       text        NOT NULL,
    key        text        NOT NULL,
    first_at   timestamptz NOT NULL,
    categories text[]      NOT NULL,
    CONSTRAINT pk_notify_tracking_marks PRIMARY KEY (portal_id, kind, key)
);

-- group_id 0: every message; otherwise only messages of that unsubscribe group. Emails in lower case.
CREATE TABLE IF NOT EXISTS notify_suppressions
(
    portal_id  text        NOT NULL,
    email      text        NOT NULL,
    group_id   integer     NOT NULL DEFAULT 0,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL,
    detail     text        NULL,
    CONSTRAINT pk_notify_suppressions PRIMARY KEY (portal_id, email, group_id)
);
