-- The LSH band keys move from an array column with a GIN index to a table with
-- a B-tree primary key. The planner's estimate for `array && array` made it scan
-- the whole table for every routed letter (15 ms at 1,500 letters, growing with
-- the table); `band = ANY(...)` on a B-tree is an index lookup it always takes.
-- It also takes the band keys out of the submissions row, whose every update
-- rewrote them in the GIN index.
CREATE TABLE submission_bands (
  band          text NOT NULL,
  submission_id bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  PRIMARY KEY (band, submission_id)
);
CREATE INDEX submission_bands_letter ON submission_bands (submission_id);

INSERT INTO submission_bands (band, submission_id)
SELECT DISTINCT unnest(similarity_bands), id FROM submissions WHERE similarity_bands IS NOT NULL;

ALTER TABLE submissions DROP COLUMN similarity_bands;
