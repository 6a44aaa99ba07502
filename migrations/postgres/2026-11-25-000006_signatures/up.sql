-- Co-signatures by residents: they count once confirmed through the mail.
CREATE TABLE signatures (
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
    confirm_token_hash TEXT,
    code_hash TEXT,
    withdraw_token_hash TEXT,
    -- Keyed hash of the signer's network (an IPv4 /24 or IPv6 /48), for spotting bursts.
    source_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_mail_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    UNIQUE (target_id, email_normalized)
);
CREATE INDEX signatures_consultation_state ON signatures (consultation_id, state, created_at);
CREATE INDEX signatures_confirm_token ON signatures (confirm_token_hash);
CREATE INDEX signatures_withdraw_token ON signatures (withdraw_token_hash);
CREATE INDEX signatures_code ON signatures (code_hash);

-- Confirmed signatures counted per target, district and shard: a confirmation adds one to a
-- random shard, so a popular position never becomes one row every signature waits on.
CREATE TABLE support_counts (
    target_id TEXT NOT NULL,
    district TEXT NOT NULL,
    shard INTEGER NOT NULL,
    confirmed INTEGER NOT NULL,
    PRIMARY KEY (target_id, district, shard)
);

CREATE TABLE organisation_signatures (
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('position', 'scenario')),
    target_id TEXT NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    signed_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, target_id)
);
CREATE INDEX organisation_signatures_target ON organisation_signatures (target_id);

-- A council's map from postcodes (PC6 such as 1234AB, or PC4 such as 1234) to wijken.
CREATE TABLE district_postcodes (
    council_id TEXT NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
    postcode TEXT NOT NULL,
    district TEXT NOT NULL,
    PRIMARY KEY (council_id, postcode)
);

-- The griffie's decisions on held signatures, with the reason.
CREATE TABLE signature_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    source_hash TEXT NOT NULL,
    email_domain TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'voided')),
    signatures INTEGER NOT NULL,
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at TIMESTAMP NOT NULL
);
