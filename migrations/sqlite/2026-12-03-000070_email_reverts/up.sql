-- The addresses an account had before its owner changed it, kept a week so that the
-- mail to each old address can offer to put it back (if the change was not theirs).
CREATE TABLE email_reverts (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    old_email TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, changed_at)
);
