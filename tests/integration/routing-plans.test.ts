import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db/pool.js';
import { routeSubmission } from '../../src/routing/route-letter.js';
import { recordLetter } from '../../src/submissions/intake.js';
import { letterFromWeb, webSubmissionSchema } from '../../src/submissions/submission.schema.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { seededRandom } from '../../src/text/mulberry32.js';
import { exampleLetter } from '../helpers/letters.js';

// Routing runs on long-lived connections and prepares its statements on them.

let db: TestDatabase;
let router: Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  router = createPool(db.url, 1);
});

afterAll(async () => {
  await router.end();
  await db.drop();
});

const WORDS = 'put selo škola most voda struja lekar penzija posao stan sud porez opština autobus reka polje'.split(' ');
const random = seededRandom(11);

/** A letter long enough to have band keys, on no common template. */
async function routeNewLetter(): Promise<void> {
  const message = Array.from({ length: 60 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  const body = exampleLetter({ message });
  const stored = await recordLetter(db.pool, letterFromWeb(webSubmissionSchema.parse(body), 'sr-Latn'), new Date());
  if (stored.kind !== 'created') throw new Error('not stored');
  await routeSubmission({ pool: router, ...APP_DEFAULTS }, stored.submissionId);
}

it('when routing has run many letters on a connection, then no statement reading submission_bands is kept prepared there', async () => {
  // A prepared statement settles on a generic plan after five runs; one made while the band
  // table was small scans it whole and stays in use as it grows (20 ms a letter at 30,000 rows).
  for (let i = 0; i < 8; i++) await routeNewLetter();
  const { rows } = await router.query<{ name: string }>(
    `SELECT name FROM pg_prepared_statements WHERE statement ILIKE '%FROM submission_bands%'`,
  );
  expect(rows).toEqual([]);
  // And the routing did run on this connection with prepared statements of its own.
  const { rows: prepared } = await router.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
  expect(prepared[0].n).toBeGreaterThan(0);
});
