import { Router } from 'express';
import type { Pool } from '../db/pool.js';

export type ReadinessCheck = () => Promise<boolean>;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export function healthRoutes(pool: Pool, queueReady: ReadinessCheck): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, queue] = await Promise.all([
      within(pool.query('SELECT 1'), 2_000).then(() => true, () => false),
      within(queueReady(), 2_000).catch(() => false),
    ]);
    res.status(database && queue ? 200 : 503).json({ database, queue });
  });
  return router;
}
