-- Receipt numbers were "year-first letters of the title-sequence" and UNIQUE across the
-- installation, so a second round in the same year whose title started alike (in any
-- council) refused every submission. A number is now the round's prefix plus its place in
-- the round: the prefix ("LDV-2026-ONT") is the council's code, the year of opening and a
-- code the clerk confirms when opening, fixed then and unique across the installation.
ALTER TABLE councils ADD COLUMN code TEXT NOT NULL DEFAULT '';
UPDATE councils SET code = upper(slug);
CREATE UNIQUE INDEX councils_code ON councils (code);

ALTER TABLE consultations ADD COLUMN receipt_prefix TEXT;
-- Rounds with submissions keep the prefix their numbers already have (those numbers were
-- unique, so their prefixes are too); other public rounds get one from their id.
UPDATE consultations SET receipt_prefix = (
    SELECT substr(r.submission_number, 1, length(r.submission_number) - 5)
    FROM reactions r
    WHERE r.consultation_id = consultations.id AND r.submission_number IS NOT NULL
    ORDER BY r.sequence
    LIMIT 1
);
UPDATE consultations SET receipt_prefix = upper(substr(id, 1, 8))
WHERE receipt_prefix IS NULL AND state <> 'concept';
CREATE UNIQUE INDEX consultations_receipt_prefix ON consultations (receipt_prefix);

-- Every move of an open round's deadline, shown publicly ("Sluitingsdatum verlengd van …
-- naar …") and in the agenda bundle.
CREATE TABLE deadline_changes (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    previous_deadline_at TIMESTAMP NOT NULL,
    new_deadline_at TIMESTAMP NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users(id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX deadline_changes_consultation ON deadline_changes (consultation_id, changed_at);
