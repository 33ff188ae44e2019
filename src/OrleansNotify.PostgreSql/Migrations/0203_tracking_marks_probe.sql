-- 0202's marks lookup, planned per call, still chose a hash join over a full scan of the portal's marks
-- while the table was under ~50,000 rows (its cost model prices each index probe as a disk read): on
-- the webhooks benchmark that scan took most of PostgreSQL's CPU. The marks are in memory in practice,
-- so the function leaves the planner only a nested loop: each key looked up in the primary key (a merge
-- join would walk the whole portal range of the index, as a fresh, unanalysed table invites).
CREATE OR REPLACE FUNCTION notify_tracking_marks_of(p_service_id text, p_portal_id text, p_kinds text[], p_keys text[])
RETURNS TABLE (kind text, key text, first_at timestamptz, categories text[])
LANGUAGE sql VOLATILE
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
AS
$$
    SELECT m.kind, m.key, m.first_at, m.categories
    FROM unnest(p_kinds, p_keys) AS k(kind, key)
    JOIN notify_tracking_marks m ON m.service_id = p_service_id AND m.portal_id = p_portal_id AND m.kind = k.kind AND m.key = k.key
$$;
