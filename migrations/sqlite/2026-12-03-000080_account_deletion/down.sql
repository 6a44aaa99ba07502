DELETE FROM submission_log WHERE event = 'anonymised';
CREATE TABLE submission_log_old (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    sequence INTEGER NOT NULL,
    reaction_id TEXT NOT NULL REFERENCES reactions(id),
    event TEXT NOT NULL CHECK (event IN ('submitted', 'withdrawn')),
    content_hash TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (consultation_id, sequence)
);
INSERT INTO submission_log_old SELECT id, consultation_id, sequence, reaction_id, event,
    content_hash, previous_hash, entry_hash, recorded_at FROM submission_log;
DROP TABLE submission_log;
ALTER TABLE submission_log_old RENAME TO submission_log;
ALTER TABLE users DROP COLUMN deleted_at;
