-- Signing is the hottest write, and every index with a random key costs a page written
-- for each signature. Two such indexes go:
-- * the short code is typed together with the address it was mailed to, so the unique
--   index now leads with the address and finds the code's signature too;
-- * the newest public names per target come from an index of only the confirmed
--   signatures with a name, which a new (pending) signature does not touch.
ALTER TABLE signatures DROP CONSTRAINT signatures_target_id_email_normalized_key;
ALTER TABLE signatures ADD CONSTRAINT signatures_email_normalized_target_id_key
    UNIQUE (email_normalized, target_id);
DROP INDEX signatures_code;
DROP INDEX signatures_target_confirmed;
CREATE INDEX signatures_named_support ON signatures (target_id, confirmed_at)
    WHERE confirmed_at IS NOT NULL AND display_name IS NOT NULL;
