ALTER TABLE committee_members DROP COLUMN unsubscribed_at;
DROP TABLE digest_marks;
DROP TABLE consultation_events;
DROP TABLE outbox;
