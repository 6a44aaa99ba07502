-- A mail written when it is sent rather than when it is queued: `template` holds what the
-- template needs (JSON, by `kind`), and the subject and bodies are made at sending. A
-- co-signature's confirmation mail is queued this way, so the hottest write stays small.
ALTER TABLE outbox ADD COLUMN template TEXT;
