import { z } from 'zod';
import { DeadlineExceeded, withinMs } from '../deadline.js';
import { isMigrationApplied, latestMigration } from '../db/migrate.js';
import { isDatabaseUnavailable, type Pool } from '../db/pool.js';
import { operationsWith } from '../http/operation.js';

export type ReadinessCheck = () => Promise<boolean>;

const TIMEOUT_MS = 2_000;


/**
 * Reachable, and carrying the schema this code was built for: the newest file in
 * migrations/ is applied. A database replaced under the process (restored
 * elsewhere, emptied) answers `SELECT 1` but not one letter.
 */
async function databaseState(pool: Pool, expected: Promise<string>): Promise<{ database: boolean; schema: boolean }> {
  try {
    const schema = await withinMs(isMigrationApplied(pool, await expected), TIMEOUT_MS);
    return { database: true, schema };
  } catch (error) {
    // Reachable but without schema_migrations (42P01) is a database, just not ours.
    return { database: !(error instanceof DeadlineExceeded) && !isDatabaseUnavailable(error), schema: false };
  }
}

export type HealthContext = { pool: Pool; queueReady: ReadinessCheck; stopping: () => boolean; expectedMigration: Promise<string> };

/** The newest migration this code carries, read once (a rejection is answered as "schema: false"). */
export function expectedMigration(): Promise<string> {
  const expected = latestMigration();
  expected.catch(() => undefined);
  return expected;
}

const readiness = z
  .object({
    database: z.boolean().describe('PostgreSQL answers'),
    schema: z.boolean().describe("the database carries this code's newest migration"),
    queue: z.boolean().describe('the queue answers'),
  })
  .meta({ id: 'Readiness' });
const stoppingBody = z.object({ stopping: z.literal(true) }).meta({ id: 'Stopping' });

const operation = operationsWith<HealthContext>();

export const healthApi = [
  operation({
    method: 'get',
    path: '/healthz',
    tag: 'Operations',
    summary: 'Liveness: the process is up',
    permission: 'public',
    responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
  operation({
    method: 'get',
    path: '/readyz',
    tag: 'Operations',
    summary: "Readiness: PostgreSQL with this code's schema and the queue are reachable, and the process is not stopping",
    permission: 'public',
    responses: {
      200: { description: 'Ready', schema: readiness },
      503: { description: 'Not ready: a check failed, or the process is stopping (SIGTERM)', schema: z.union([readiness, stoppingBody]) },
    },
    handler: async (_input, ctx) => {
      if (ctx.stopping()) return { status: 503, body: { stopping: true } };
      const [{ database, schema }, queue] = await Promise.all([
        databaseState(ctx.pool, ctx.expectedMigration),
        withinMs(ctx.queueReady(), TIMEOUT_MS).catch(() => false),
      ]);
      return { status: database && schema && queue ? 200 : 503, body: { database, schema, queue } };
    },
  }),
];
