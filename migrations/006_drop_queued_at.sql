-- queued_at was written after every route job was added, but nothing reads it:
-- the reconciler finds letters by status and age. The UPDATE cost a commit per
-- letter and, because the partial index on it made it a non-HOT update, a second
-- copy of every index entry (the trigram index holds ~1,000 per letter).
ALTER TABLE submissions DROP COLUMN queued_at;
