ALTER TABLE councils DROP COLUMN two_factor_for_all_staff;
ALTER TABLE sessions DROP COLUMN signed_in_with;
