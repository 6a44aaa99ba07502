ALTER TABLE council_roles DROP COLUMN from_sign_in;
