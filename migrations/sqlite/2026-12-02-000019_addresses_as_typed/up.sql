-- Addresses are mailed as typed and compared in lower case: users get the compared
-- form as their unique key, signatures keep the typed form next to the normalised one.
ALTER TABLE users ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
UPDATE users SET email_key = lower(email);
CREATE UNIQUE INDEX users_by_email_key ON users (email_key);
ALTER TABLE signatures ADD COLUMN email TEXT;
UPDATE signatures SET email = email_normalized;
-- Verification belongs to the council whose griffie did it: only that griffie takes it back.
ALTER TABLE organisations ADD COLUMN verified_council_id TEXT;
