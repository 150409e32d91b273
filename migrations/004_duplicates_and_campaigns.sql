-- Duplicate and campaign detection, computed when a letter is routed:
-- fingerprint = SHA-256 of the folded message (exact repeats), similarity_bands
-- = MinHash LSH band keys (near-identical letters share at least one).
ALTER TABLE submissions
  ADD COLUMN fingerprint text,
  ADD COLUMN similarity_bands text[],
  -- The id of the campaign's first letter; letters of one campaign are answered once.
  ADD COLUMN campaign_id bigint,
  ADD COLUMN duplicate_of bigint REFERENCES submissions (id);

CREATE INDEX submissions_fingerprint ON submissions (fingerprint, received_at) WHERE fingerprint IS NOT NULL;
CREATE INDEX submissions_similarity_bands ON submissions USING gin (similarity_bands);
CREATE INDEX submissions_campaign ON submissions (campaign_id, id) WHERE campaign_id IS NOT NULL;
