-- How a session was signed in: with the password alone, with the password and a code
-- from the app, or through the council's own identity provider. Admins and clerks (and,
-- where a council asks it, moderators and council members) use their staff powers only in
-- a session with a second factor.
ALTER TABLE sessions ADD COLUMN signed_in_with TEXT NOT NULL DEFAULT 'password'
    CHECK (signed_in_with IN ('password', 'password_and_code', 'single_sign_on'));

-- Whether the council asks a second factor of its moderators and council members too.
ALTER TABLE councils ADD COLUMN two_factor_for_all_staff BOOLEAN NOT NULL DEFAULT 0;
