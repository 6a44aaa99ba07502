ALTER TABLE signatures DROP COLUMN wants_updates;
DROP TABLE decision_outcomes;
DROP TABLE answer_writers;
DROP TABLE answer_note_revisions;
DROP TABLE policy_changes;
DROP TABLE answered_reactions;
DROP TABLE answer_groups;
DROP TABLE answer_notes;
