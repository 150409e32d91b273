import type { Pool } from '../db/pool.js';
import { fold } from '../text/fold.js';

type Searchable = { name: string; surname: string; reference: string; subject: string | null; message: string };

/** What staff search matches: name, surname, reference, subject and message, folded like the query. */
export function searchTextOf(letter: Searchable): string {
  return fold([letter.name, letter.surname, letter.reference, letter.subject ?? '', letter.message].join(' '));
}

/** Writes the search text of letters stored without one (before it existed), in batches; a no-op once done. */
export async function backfillSearchText(pool: Pool, batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await pool.query<Searchable & { id: string }>(
      `SELECT id, name, surname, reference, subject, message FROM submissions s
        WHERE NOT EXISTS (SELECT 1 FROM submission_search t WHERE t.submission_id = s.id) ORDER BY id LIMIT $1`,
      [batch],
    );
    if (rows.length === 0) return total;
    await pool.query(
      `INSERT INTO submission_search (submission_id, search_text) SELECT * FROM unnest($1::bigint[], $2::text[])
       ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.id), rows.map(searchTextOf)],
    );
    total += rows.length;
  }
}
