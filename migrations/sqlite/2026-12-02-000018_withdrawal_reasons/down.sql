ALTER TABLE reactions DROP COLUMN withdrawal_reason;
