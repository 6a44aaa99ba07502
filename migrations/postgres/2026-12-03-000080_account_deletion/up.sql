-- A deleted account keeps its row (what it filed and did as staff still points at it),
-- emptied of every personal detail; this says when.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP;

-- The submission log gains 'anonymised': the name of an individual who deleted the
-- account is replaced, and the log says so with the new content hash.
ALTER TABLE submission_log DROP CONSTRAINT submission_log_event_check;
ALTER TABLE submission_log ADD CONSTRAINT submission_log_event_check
    CHECK (event IN ('submitted', 'withdrawn', 'anonymised'));
