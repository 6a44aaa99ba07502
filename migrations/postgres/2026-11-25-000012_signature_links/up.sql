-- The confirmation and withdrawal links are now the signature's id signed with the
-- server's key: they are checked without a stored hash, and found by primary key. Two
-- columns and two random-key indexes less for every signature written.
DROP INDEX signatures_confirm_token;
DROP INDEX signatures_withdraw_token;
ALTER TABLE signatures DROP COLUMN confirm_token_hash;
ALTER TABLE signatures DROP COLUMN withdraw_token_hash;
