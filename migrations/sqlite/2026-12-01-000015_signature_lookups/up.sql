-- Signing is the hottest write, and every index with a random key costs SQLite a page
-- written to the log for each signature. Two such indexes go:
-- * the short code is typed together with the address it was mailed to, so the unique
--   index now leads with the address and finds the code's signature too;
-- * the newest public names per target come from an index of only the confirmed
--   signatures with a name, which a new (pending) signature does not touch.
-- SQLite cannot change a UNIQUE constraint in place, so the table is rebuilt.
CREATE TABLE signatures_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('position', 'scenario')),
    target_id TEXT NOT NULL,
    -- NULL signs as "anoniem".
    display_name TEXT,
    -- The normalised address; NULL once purged after the retention period.
    email_normalized TEXT,
    email_domain TEXT NOT NULL,
    -- Derived from the postcode, which itself is not kept.
    district TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'held', 'confirmed', 'withdrawn', 'voided')),
    code_hash TEXT,
    -- Keyed hash of the signer's network (an IPv4 /24 or IPv6 /48), for spotting bursts.
    source_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_mail_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    wants_updates BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (email_normalized, target_id)
);
INSERT INTO signatures_rebuilt (id, consultation_id, target_kind, target_id, display_name,
    email_normalized, email_domain, district, state, code_hash, source_hash, created_at,
    expires_at, last_mail_at, confirmed_at, withdrawn_at, wants_updates)
SELECT id, consultation_id, target_kind, target_id, display_name, email_normalized,
    email_domain, district, state, code_hash, source_hash, created_at, expires_at,
    last_mail_at, confirmed_at, withdrawn_at, wants_updates
FROM signatures;
DROP TABLE signatures;
ALTER TABLE signatures_rebuilt RENAME TO signatures;
CREATE INDEX signatures_consultation_state ON signatures (consultation_id, state, created_at);
CREATE INDEX signatures_source_recent ON signatures (source_hash, created_at);
CREATE INDEX signatures_domain_recent ON signatures (email_domain, created_at);
CREATE INDEX signatures_named_support ON signatures (target_id, confirmed_at)
    WHERE confirmed_at IS NOT NULL AND display_name IS NOT NULL;
