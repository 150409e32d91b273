-- Retention: closed letters are anonymised after RETENTION_DAYS; citizens may
-- ask to be erased at any time. An anonymised letter keeps its reference,
-- dates, office, category, channel, place and status for statistics.
ALTER TABLE submissions
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN anonymised_at timestamptz;

UPDATE submissions s SET closed_at = COALESCE(
  (SELECT max(e.at) FROM submission_events e WHERE e.submission_id = s.id AND e.kind = 'status_changed' AND e.data->>'to' = 'closed'),
  s.updated_at)
 WHERE s.status = 'closed';

ALTER TABLE submissions DROP CONSTRAINT submissions_check1;
ALTER TABLE submissions ADD CONSTRAINT submissions_contact_check
  CHECK (anonymised_at IS NOT NULL OR channel = 'postal' OR email IS NOT NULL OR phone IS NOT NULL);

CREATE INDEX submissions_closed ON submissions (closed_at) WHERE status = 'closed' AND anonymised_at IS NULL;
CREATE INDEX submissions_email ON submissions (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX submissions_phone ON submissions (phone) WHERE phone IS NOT NULL;
