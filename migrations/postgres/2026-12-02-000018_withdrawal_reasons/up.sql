-- What an organisation says publicly when it withdraws its reaction (optional).
ALTER TABLE reactions ADD COLUMN withdrawal_reason TEXT;
