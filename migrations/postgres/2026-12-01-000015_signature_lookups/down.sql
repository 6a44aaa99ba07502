DROP INDEX signatures_named_support;
CREATE INDEX signatures_target_confirmed ON signatures (target_id, state, confirmed_at);
CREATE INDEX signatures_code ON signatures (code_hash);
ALTER TABLE signatures DROP CONSTRAINT signatures_email_normalized_target_id_key;
ALTER TABLE signatures ADD CONSTRAINT signatures_target_id_email_normalized_key
    UNIQUE (target_id, email_normalized);
