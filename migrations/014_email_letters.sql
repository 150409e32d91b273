-- Letters by email (issue 15, processing): a letter may come in by email, with
-- no postal address or place; an incoming message's text is kept on its raw row
-- (the letter's conversation lists it); a delivery-status report marks the
-- outgoing message it is about `bounced`, with the DSN status.

ALTER TABLE submissions DROP CONSTRAINT submissions_channel_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_channel_check CHECK (channel IN ('web', 'postal', 'email'));

-- A letter by email has neither a municipality nor a country until its sender completes them.
ALTER TABLE submissions DROP CONSTRAINT submissions_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_place_check
  CHECK ((municipality_code IS NULL) <> (country IS NULL) OR (channel = 'email' AND municipality_code IS NULL AND country IS NULL));

-- False for a letter that came without the contact fields the form asks for (email: name, place, address).
ALTER TABLE submissions ADD COLUMN contact_complete boolean NOT NULL DEFAULT true;

ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'bounced'));
-- The Status of the delivery-status report (e.g. 5.1.1) of a bounced message.
ALTER TABLE outbox ADD COLUMN dsn_status text;

-- The text of an incoming message as staff see it (decoded, HTML turned into text; never HTML).
ALTER TABLE inbound_messages ADD COLUMN body_text text;
CREATE INDEX inbound_messages_dedup ON inbound_messages (message_id, lower(from_address), sent_at) WHERE message_id IS NOT NULL;

-- A reply by email is made known to the letter's office: one notification per incoming message.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('office_notification', 'acknowledgement', 'reply', 'reply_notification'));
ALTER TABLE outbox ADD COLUMN inbound_id bigint REFERENCES inbound_messages (id);
DROP INDEX outbox_one_per_message;
CREATE UNIQUE INDEX outbox_one_per_message ON outbox (submission_id, kind, recipient, COALESCE(reply_id, 0), COALESCE(inbound_id, 0));
