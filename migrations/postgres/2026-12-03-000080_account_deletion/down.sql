DELETE FROM submission_log WHERE event = 'anonymised';
ALTER TABLE submission_log DROP CONSTRAINT submission_log_event_check;
ALTER TABLE submission_log ADD CONSTRAINT submission_log_event_check
    CHECK (event IN ('submitted', 'withdrawn'));
ALTER TABLE users DROP COLUMN deleted_at;
