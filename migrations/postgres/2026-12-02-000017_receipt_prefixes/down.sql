DROP TABLE deadline_changes;
DROP INDEX consultations_receipt_prefix;
ALTER TABLE consultations DROP COLUMN receipt_prefix;
DROP INDEX councils_code;
ALTER TABLE councils DROP COLUMN code;
