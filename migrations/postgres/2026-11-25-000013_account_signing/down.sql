DROP TABLE account_districts;
ALTER TABLE users DROP COLUMN email_verified_at;
