DROP INDEX users_sign_in_subject;
ALTER TABLE users DROP COLUMN sign_in_subject;
DROP TABLE council_sign_ins;
