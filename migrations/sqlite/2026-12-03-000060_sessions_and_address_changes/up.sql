-- The account page lists where one is logged in: a short hint of the device (never the
-- whole User-Agent) and when the session was last used (renewed at most every few minutes).
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;

-- A new e-mail address waiting for its owner to open the link mailed to it; gone once
-- confirmed, and after a day.
CREATE TABLE email_changes (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    new_email TEXT NOT NULL,
    requested_at TIMESTAMP NOT NULL
);
