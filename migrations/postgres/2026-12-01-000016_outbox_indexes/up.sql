-- Every co-signature queues a mail, so each index on the outbox is written as often as
-- a signature. Two of them did no work:
-- * message_id is made from the row's id, which is unique already;
-- * most mails have no dedupe key, and the index held each of those NULLs: the key is
--   now unique through a partial index of the rows that have one.
ALTER TABLE outbox DROP CONSTRAINT outbox_message_id_key;
ALTER TABLE outbox DROP CONSTRAINT outbox_dedupe_key_key;
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
