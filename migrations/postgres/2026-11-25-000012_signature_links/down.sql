ALTER TABLE signatures ADD COLUMN confirm_token_hash TEXT;
ALTER TABLE signatures ADD COLUMN withdraw_token_hash TEXT;
CREATE INDEX signatures_confirm_token ON signatures (confirm_token_hash);
CREATE INDEX signatures_withdraw_token ON signatures (withdraw_token_hash);
