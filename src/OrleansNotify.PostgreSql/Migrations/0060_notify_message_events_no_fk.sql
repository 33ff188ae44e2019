-- Timeline rows lose their foreign key to notify_messages. Every status write inserts one event row per
-- change, and the key's trigger ran a query per row (a key-share lock on the message row the same
-- statement had just updated) for a guarantee the store gives anyway: events are inserted only for
-- rows the same statement updated. The only place messages are deleted (PostgreSqlMessageStore.
-- DeletePortalAsync) now deletes their events itself, instead of the cascade.
ALTER TABLE notify_message_events DROP CONSTRAINT IF EXISTS fk_notify_message_events_message;
