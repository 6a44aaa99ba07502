ALTER TABLE consultation_events DROP COLUMN subject_id;
DROP TABLE alert_marks;
