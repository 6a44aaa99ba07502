CREATE TABLE signatures_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('position', 'scenario')),
    target_id TEXT NOT NULL,
    display_name TEXT,
    email_normalized TEXT,
    email_domain TEXT NOT NULL,
    district TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'held', 'confirmed', 'withdrawn', 'voided')),
    code_hash TEXT,
    source_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_mail_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    wants_updates BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (target_id, email_normalized)
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
CREATE INDEX signatures_code ON signatures (code_hash);
CREATE INDEX signatures_source_recent ON signatures (source_hash, created_at);
CREATE INDEX signatures_domain_recent ON signatures (email_domain, created_at);
CREATE INDEX signatures_target_confirmed ON signatures (target_id, state, confirmed_at);
