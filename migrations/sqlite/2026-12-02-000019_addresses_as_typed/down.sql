ALTER TABLE organisations DROP COLUMN verified_council_id;
ALTER TABLE signatures DROP COLUMN email;
DROP INDEX users_by_email_key;
ALTER TABLE users DROP COLUMN email_key;
