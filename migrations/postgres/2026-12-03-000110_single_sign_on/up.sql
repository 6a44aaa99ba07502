-- Single sign-on for a council's staff through its own OpenID Provider (Entra ID,
-- Keycloak, ADFS): where it is, the client the council registered for Inspraak (the
-- secret sealed with the server's key, see src/domain/security.rs), and which e-mail
-- domains or groups become which role (src/domain/single_sign_on.rs).
CREATE TABLE council_sign_ins (
    council_id TEXT PRIMARY KEY NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
    issuer_url TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    secret_nonce TEXT NOT NULL,
    role_rules TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Who a user is at an identity provider: a keyed hash of the issuer and its subject,
-- never the subject itself.
ALTER TABLE users ADD COLUMN sign_in_subject TEXT;
CREATE UNIQUE INDEX users_sign_in_subject ON users (sign_in_subject);
