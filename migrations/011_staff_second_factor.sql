-- The staff's second factor (TOTP, RFC 6238) and its single-use recovery codes.
-- The secret is kept as its base32 text (an authenticator app needs it whole);
-- it is never logged nor shown again after enrolment.

ALTER TABLE staff_users
  ADD COLUMN totp_secret          text,
  ADD COLUMN totp_enabled_at      timestamptz,
  -- Replay protection: a code of this time step or an earlier one is refused.
  ADD COLUMN totp_last_step       bigint,
  -- Enrolment in progress: the secret shown but not yet confirmed with a code.
  ADD COLUMN totp_pending_secret  text,
  ADD COLUMN totp_pending_at      timestamptz,
  ADD CONSTRAINT staff_users_totp_enabled CHECK ((totp_secret IS NULL) = (totp_enabled_at IS NULL));

CREATE TABLE staff_recovery_codes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  -- SHA-256 of the normalised code (79 random bits, so a fast hash suffices).
  code_hash  bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz,
  UNIQUE (user_id, code_hash)
);
