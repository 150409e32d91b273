-- Inbound mail (the email channel): every message fetched from the published
-- mailbox (or dropped into .data/inbox/) is stored raw here, in the same
-- transaction as the mailbox cursor's advance, before the mailbox is touched.
-- Everything after (parse, classify, thread, make a letter) is a job carrying
-- the row's id; `state` says how far it got.

CREATE TABLE inbound_cursors (
  mailbox      text PRIMARY KEY,
  uid_validity bigint NOT NULL,
  last_uid     bigint NOT NULL DEFAULT 0,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inbound_messages (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 'imap:<user>@<host>/<folder>' or 'dir:<path>'; uid_validity/uid only for IMAP.
  mailbox       text NOT NULL,
  uid_validity  bigint,
  uid           bigint,
  -- The bytes as received (declared charsets lie: decode again from these when needed).
  -- For a message over the size limit: its headers only, and `truncated`.
  raw           bytea NOT NULL,
  raw_sha256    bytea NOT NULL,
  size          integer NOT NULL,
  truncated     boolean NOT NULL DEFAULT false,
  received_at   timestamptz NOT NULL DEFAULT now(),
  -- stored → letter | reply | bounce | dropped | held (→ letter | reply | discarded by staff)
  state         text NOT NULL DEFAULT 'stored'
                CHECK (state IN ('stored', 'letter', 'reply', 'bounce', 'dropped', 'held', 'discarded')),
  -- Why it was dropped or held (a code: auto_reply, list, own_mail, bad_signature, too_large, …).
  reason        text,
  -- From the headers, once parsed (a synthetic <…@pisarnica.invalid> when the message has none).
  message_id    text,
  from_address  text,
  subject       text,
  sent_at       timestamptz,
  submission_id bigint REFERENCES submissions (id),
  handled_at    timestamptz,
  UNIQUE (mailbox, uid_validity, uid)
);
-- The same bytes twice (appended twice, fetched again after a UIDVALIDITY change) are one message.
CREATE UNIQUE INDEX inbound_messages_raw ON inbound_messages (raw_sha256);
CREATE INDEX inbound_messages_unhandled ON inbound_messages (id) WHERE state = 'stored';
CREATE INDEX inbound_messages_held ON inbound_messages (id) WHERE state = 'held';
CREATE INDEX inbound_messages_submission ON inbound_messages (submission_id) WHERE submission_id IS NOT NULL;
