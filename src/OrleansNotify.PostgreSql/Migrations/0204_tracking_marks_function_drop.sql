-- The store reads marks with a join planned per batch again: 0202/0203's function, called as a prepared
-- statement, still cost PostgreSQL 150-400 µs per event on the webhooks benchmark. Nothing calls it.
DROP FUNCTION IF EXISTS notify_tracking_marks_of(text, text, text[], text[]);
