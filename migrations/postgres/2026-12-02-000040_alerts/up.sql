-- Alerts that may go out only so often (a moderator's mail about waiting posts, at most
-- one an hour) or once per episode (the griffie's mail about held support): the write
-- that causes the mail reserves or locks this row, so parallel writes send one mail.
CREATE TABLE alert_marks (
    key TEXT PRIMARY KEY NOT NULL,
    marked_at TIMESTAMP NOT NULL
);

-- What an event is about (a reaction), so that a digest line names its number, title
-- and sender.
ALTER TABLE consultation_events ADD COLUMN subject_id TEXT;
