-- Transactional outbox: a mail is a row written in the same transaction as its cause.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    -- Makes a mail that must go out once (a digest per member per day) impossible to
    -- enqueue twice, even from two processes at once.
    dedupe_key TEXT UNIQUE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    list_unsubscribe TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- What happened in a consultation that committee members hear about in their digest.
CREATE TABLE consultation_events (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX consultation_events_by_consultation ON consultation_events (consultation_id, occurred_at);

-- Per member and consultation: up to which moment events were mailed.
CREATE TABLE digest_marks (
    member_id TEXT NOT NULL REFERENCES committee_members(id) ON DELETE CASCADE,
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    mailed_until TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, consultation_id)
);

ALTER TABLE committee_members ADD COLUMN unsubscribed_at TIMESTAMP;
