ALTER TABLE outbox DROP COLUMN template;
