import { Router } from 'express';
import { latestMigration } from '../db/migrate.js';
import { isDatabaseUnavailable, type Pool } from '../db/pool.js';

export type ReadinessCheck = () => Promise<boolean>;

const TIMEOUT_MS = 2_000;

class Timeout extends Error {}

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Timeout('timeout')), ms).unref())]);

/**
 * Reachable, and carrying the schema this code was built for: the newest file in
 * migrations/ is applied. A database replaced under the process (restored
 * elsewhere, emptied) answers `SELECT 1` but not one letter.
 */
async function databaseState(pool: Pool, expected: Promise<string>): Promise<{ database: boolean; schema: boolean }> {
  try {
    const { rows } = await within(
      pool.query<{ current: boolean }>('SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1) AS current', [await expected]),
      TIMEOUT_MS,
    );
    return { database: true, schema: rows[0]?.current === true };
  } catch (error) {
    // Reachable but without schema_migrations (42P01) is a database, just not ours.
    return { database: !(error instanceof Timeout) && !isDatabaseUnavailable(error), schema: false };
  }
}

export function healthRoutes(pool: Pool, queueReady: ReadinessCheck, stopping: () => boolean = () => false): Router {
  const router = Router();
  const expected = latestMigration();
  expected.catch(() => undefined);
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (stopping()) {
      res.status(503).json({ stopping: true });
      return;
    }
    const [{ database, schema }, queue] = await Promise.all([
      databaseState(pool, expected),
      within(queueReady(), TIMEOUT_MS).catch(() => false),
    ]);
    res.status(database && schema && queue ? 200 : 503).json({ database, schema, queue });
  });
  return router;
}
