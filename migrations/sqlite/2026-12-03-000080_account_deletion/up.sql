-- A deleted account keeps its row (what it filed and did as staff still points at it),
-- emptied of every personal detail; this says when.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP;

-- The submission log gains 'anonymised': the name of an individual who deleted the
-- account is replaced, and the log says so with the new content hash. SQLite cannot
-- change a CHECK constraint, so the table is rebuilt (nothing refers to it).
CREATE TABLE submission_log_new (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    sequence INTEGER NOT NULL,
    reaction_id TEXT NOT NULL REFERENCES reactions(id),
    event TEXT NOT NULL CHECK (event IN ('submitted', 'withdrawn', 'anonymised')),
    content_hash TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (consultation_id, sequence)
);
INSERT INTO submission_log_new SELECT id, consultation_id, sequence, reaction_id, event,
    content_hash, previous_hash, entry_hash, recorded_at FROM submission_log;
DROP TABLE submission_log;
ALTER TABLE submission_log_new RENAME TO submission_log;
