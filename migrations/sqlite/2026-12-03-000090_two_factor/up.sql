-- Two-factor authentication with TOTP: the secret sealed with the server's key (see
-- src/domain/two_factor.rs) and its nonce, when it was turned on (a secret without it
-- waits for its first code), and the last time step a code worked for (never twice).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_nonce TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

-- Single-use recovery codes, stored keyed (HMAC) and marked when used.
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (user_id, code_hash)
);
