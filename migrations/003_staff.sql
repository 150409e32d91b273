-- Staff accounts, sessions, login failures, the audit log, each letter's
-- history, replies and the print queue; search over letters.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE staff_users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text NOT NULL,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'supervisor', 'officer', 'clerk')),
  office_id     bigint REFERENCES offices (id),
  display_name  text NOT NULL DEFAULT '',
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- An officer works for exactly one office; nobody else is bound to one.
  CHECK ((role = 'officer') = (office_id IS NOT NULL))
);
CREATE UNIQUE INDEX staff_users_email ON staff_users (lower(email));

-- express-session's store (connect-pg-simple's own layout).
CREATE TABLE staff_sessions (
  sid    varchar NOT NULL PRIMARY KEY,
  sess   json NOT NULL,
  expire timestamp(6) NOT NULL
);
CREATE INDEX staff_sessions_expire ON staff_sessions (expire);

-- Failed logins, by account and by client, for the lockout.
CREATE TABLE login_failures (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email     text NOT NULL,
  client    text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (lower(email), failed_at);
CREATE INDEX login_failures_client ON login_failures (client, failed_at);

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    bigint REFERENCES staff_users (id),
  action      text NOT NULL,
  target_type text NOT NULL,
  target_id   text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, at);

-- A letter's history: routed, rerouted, status changes, assignments, notes, replies.
CREATE TABLE submission_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id bigint NOT NULL REFERENCES submissions (id),
  at            timestamptz NOT NULL DEFAULT now(),
  actor_id      bigint REFERENCES staff_users (id),
  kind          text NOT NULL,
  data          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX submission_events_letter ON submission_events (submission_id, id);

ALTER TABLE submissions
  ADD COLUMN assignee_id bigint REFERENCES staff_users (id),
  ADD COLUMN entered_by bigint REFERENCES staff_users (id),
  ADD COLUMN postal_received_on date,
  ADD COLUMN letter_number text,
  -- fold(name surname reference subject message): script, case and diacritics removed, for search.
  ADD COLUMN search_text text;

CREATE INDEX submissions_search ON submissions USING gin (search_text gin_trgm_ops);
CREATE INDEX submissions_triage ON submissions (received_at DESC, id DESC);
CREATE INDEX submissions_office_triage ON submissions (office_id, received_at DESC, id DESC);

CREATE TABLE replies (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id bigint NOT NULL REFERENCES submissions (id),
  author_id     bigint NOT NULL REFERENCES staff_users (id),
  body          text NOT NULL,
  channel       text NOT NULL CHECK (channel IN ('email', 'post')),
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Replies go through the outbox too; one letter may get several, so a reply's
-- messages are told apart by reply_id.
ALTER TABLE outbox ADD COLUMN reply_id bigint REFERENCES replies (id);
ALTER TABLE outbox DROP CONSTRAINT outbox_submission_id_kind_recipient_key;
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('office_notification', 'acknowledgement', 'reply'));
CREATE UNIQUE INDEX outbox_one_per_message ON outbox (submission_id, kind, recipient, COALESCE(reply_id, 0));

-- Letters to print and post: acknowledgements and replies for citizens without email.
CREATE TABLE print_queue (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id bigint NOT NULL REFERENCES submissions (id),
  kind          text NOT NULL CHECK (kind IN ('acknowledgement', 'reply')),
  reply_id      bigint REFERENCES replies (id),
  title         text NOT NULL,
  body          text NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'printed', 'posted')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  printed_at    timestamptz,
  posted_at     timestamptz
);
CREATE UNIQUE INDEX print_queue_one_per_item ON print_queue (submission_id, kind, COALESCE(reply_id, 0));
CREATE INDEX print_queue_waiting ON print_queue (created_at) WHERE status <> 'posted';
