import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool.js';
import { listLetters, type LetterFilters } from '../../src/letters/letters.store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // 100,000 letters; ten of them mention "Vukosavljević" (stored folded, as intake stores it).
  await db.pool.query(`
    INSERT INTO submissions (reference, channel, name, surname, municipality_code, address, email, category, message,
                             language, tracking_token_hash, received_at, updated_at, status)
    SELECT 'PR-2020-' || lpad(g::text, 6, '0') || '-0', 'web', 'Ime', 'Prezime' || g, 'cacak', 'Adresa 1', 'x@example.rs',
           'question', 'Poruka broj ' || g, 'sr-Latn', '\\x00', now() - g * interval '1 minute', now(), 'routed'
      FROM generate_series(1, 100000) AS g`);
  await db.pool.query(`
    INSERT INTO submission_search (submission_id, search_text)
    SELECT id, 'ime prezime' || g || ' ' || md5(g::text) || CASE WHEN g % 10000 = 0 THEN ' vukosavljevic' ELSE '' END
      FROM submissions, CAST(split_part(reference, '-', 3) AS int) AS g`);
  await db.pool.query('ANALYZE submissions');
  await db.pool.query('ANALYZE submission_search');
}, 240_000);

afterAll(async () => {
  await db.drop();
});

/** The plan PostgreSQL chooses for exactly the query the triage list runs. */
async function planOf(filters: LetterFilters): Promise<string> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const recorder = { query: async (sql: string, params: unknown[]) => ((captured = { sql, params }), { rows: [] }) };
  await listLetters(recorder as unknown as Pool, filters);
  if (!captured) throw new Error('no query');
  const { rows } = await db.pool.query(`EXPLAIN (FORMAT JSON) ${captured.sql}`, captured.params);
  return JSON.stringify(rows[0]['QUERY PLAN']);
}

it('when staff search 100,000 letters, then the query uses the trigram index on the folded text and finds them', async () => {
  const plan = await planOf({ q: 'ВУКОСАВЉЕВИЋ', scopeOfficeId: null, limit: 51 });
  expect(plan).toContain('submissions_search');
  const found = await listLetters(db.pool, { q: 'ВУКОСАВЉЕВИЋ', scopeOfficeId: null, limit: 51 });
  expect(found).toHaveLength(10);
});
