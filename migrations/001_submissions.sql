-- Citizens' letters: the record. A letter exists the moment its row commits.
CREATE TABLE submissions (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference           text NOT NULL UNIQUE,
  channel             text NOT NULL CHECK (channel IN ('web', 'postal')),
  status              text NOT NULL DEFAULT 'received'
                      CHECK (status IN ('received', 'routed', 'in_progress', 'answered', 'closed', 'spam', 'duplicate')),
  is_spam             boolean NOT NULL DEFAULT false,
  name                text NOT NULL,
  surname             text NOT NULL,
  municipality_code   text,
  country             char(2),
  address             text NOT NULL,
  email               text,
  phone               text,
  category            text NOT NULL,
  subject             text,
  message             text NOT NULL,
  language            text NOT NULL CHECK (language IN ('sr-Cyrl', 'sr-Latn', 'en')),
  tracking_token_hash bytea NOT NULL,
  received_at         timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  -- Set once the route job has been handed to the queue; NULL rows are what the reconciler re-enqueues.
  queued_at           timestamptz,
  CHECK ((municipality_code IS NULL) <> (country IS NULL)),
  CHECK (channel = 'postal' OR email IS NOT NULL OR phone IS NOT NULL)
);

CREATE INDEX submissions_not_queued ON submissions (id) WHERE queued_at IS NULL;

-- Replays of POST /submissions with the same Idempotency-Key. The key itself is
-- stored only as a hash; the first answer (which carries the tracking token) is
-- encrypted with a key derived from the Idempotency-Key, so the table alone
-- reveals no token.
CREATE TABLE idempotency_keys (
  key_hash        bytea PRIMARY KEY,
  request_hash    bytea NOT NULL,
  submission_id   bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  response_sealed bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- One sequence per year of receipt, created on first use: nextval never blocks
-- concurrent submissions the way a counter row would. Gaps after a rollback are
-- accepted; references only need to be unique and increasing.
CREATE FUNCTION next_reference_number(year integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  seq text := format('reference_seq_%s', year);
BEGIN
  IF to_regclass(seq) IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext(seq));
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I MINVALUE 1 MAXVALUE 999999 NO CYCLE', seq);
  END IF;
  RETURN nextval(seq);
END
$$;
