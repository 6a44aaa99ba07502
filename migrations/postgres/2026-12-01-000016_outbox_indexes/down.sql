DROP INDEX outbox_dedupe;
ALTER TABLE outbox ADD CONSTRAINT outbox_dedupe_key_key UNIQUE (dedupe_key);
ALTER TABLE outbox ADD CONSTRAINT outbox_message_id_key UNIQUE (message_id);
