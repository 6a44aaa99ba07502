-- Every co-signature queues a mail, so each index on the outbox is written as often as
-- a signature. Two of them did no work:
-- * message_id is made from the row's id, which is unique already;
-- * most mails have no dedupe key, and SQLite indexed each of those NULLs: the key is
--   now unique through a partial index of the rows that have one.
-- SQLite cannot drop a UNIQUE constraint in place, so the table is rebuilt.
CREATE TABLE outbox_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    -- '<id@domain>', unique with the id.
    message_id TEXT NOT NULL,
    -- Makes a mail that must go out once (a digest per member per day) impossible to
    -- enqueue twice, even from two processes at once.
    dedupe_key TEXT,
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
    sent_at TIMESTAMP,
    template TEXT
);
INSERT INTO outbox_rebuilt (id, message_id, dedupe_key, kind, recipient, subject, body_text, body_html, list_unsubscribe, status, attempts, next_attempt_at, claimed_by, claimed_until, last_error, created_at, sent_at, template)
SELECT id, message_id, dedupe_key, kind, recipient, subject, body_text, body_html, list_unsubscribe, status, attempts, next_attempt_at, claimed_by, claimed_until, last_error, created_at, sent_at, template FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
