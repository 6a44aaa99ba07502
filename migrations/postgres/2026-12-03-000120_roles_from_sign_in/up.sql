-- Roles given by a council's single sign-on rules, which the next sign-in takes away when
-- the rules no longer give them (roles an admin gave stay).
ALTER TABLE council_roles ADD COLUMN from_sign_in BOOLEAN NOT NULL DEFAULT FALSE;
