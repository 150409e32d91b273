-- The folded search text moves out of the submissions row into a table of its
-- own, written once when the letter is stored. In the row, every update that
-- touched an indexed column (routing, status changes, assignment) wrote a new
-- row version and with it ~1,000 new trigram index entries per letter.
CREATE TABLE submission_search (
  submission_id bigint PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
  search_text   text NOT NULL
);

INSERT INTO submission_search (submission_id, search_text)
SELECT id, search_text FROM submissions WHERE search_text IS NOT NULL;

ALTER TABLE submissions DROP COLUMN search_text;

CREATE INDEX submissions_search ON submission_search USING gin (search_text gin_trgm_ops);
