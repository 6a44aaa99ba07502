-- An account whose address was confirmed through a mailed link may co-sign in one click:
-- its address is known to work, so no confirmation mail per signature is needed.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;

-- The wijk an account signs from, per council, so that only the first signature there
-- asks for a postcode. Only the wijk is kept, never the postcode.
CREATE TABLE account_districts (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    council_id TEXT NOT NULL REFERENCES councils(id),
    district TEXT NOT NULL,
    PRIMARY KEY (user_id, council_id)
);
