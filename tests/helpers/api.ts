import type { Express } from 'express';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppDeps } from '../../src/app.js';
import type { Pool } from '../../src/db/pool.js';
import { redisQueueConnection, type QueueConnection } from '../../src/queue/connection.js';
import { createProducers } from '../../src/queue/producers.js';
import { createRedis } from '../../src/queue/redis.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { WAIT_MS, waitFor } from './wait.js';
import { capturingLogger } from './logger.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './redis.js';
import { APP_DEFAULTS } from './app-defaults.js';

export type TestApi = {
  app: Express;
  /** The rate limiter's connection. */
  redis: Redis;
  connection: QueueConnection;
  routeQueue: Queue;
  logLines: string[];
  close(): Promise<void>;
};

/**
 * Both of the API's connections to Redis, the rate limiter's and the queues' producer, are up (or
 * both down). Each notices a lost or returned server on its own schedule, and a letter posted while
 * the producer is not connected is stored but, by design, left to the reconciler.
 */
export const redisUp = (api: TestApi) => api.redis.status === 'ready' && api.connection.isUp();
export const redisDown = (api: TestApi) => api.redis.status !== 'ready' && !api.connection.isUp();

/** The real app on a real pool and Redis, with queues under the given prefix. */
export function createTestApi(
  pool: Pool,
  redisUrl: string,
  prefix: string,
  overrides: Partial<AppDeps> = {},
): TestApi {
  const { logger, lines } = capturingLogger();
  const redis = createRedis(redisUrl, 'producer');
  const connection = redisQueueConnection(redisUrl, prefix);
  const producers = createProducers(connection);
  const app = createApp({
    pool,
    logger,
    redis,
    producers,
    queueReady: () => connection.ping(),
    rateLimitPerHour: 0,
    keyPrefix: prefix,
    ...APP_DEFAULTS,
    ...overrides,
  });
  return {
    app,
    redis,
    connection,
    routeQueue: producers.queues.route,
    logLines: lines,
    async close() {
      await connection.close();
      redis.disconnect();
    },
  };
}

/**
 * A database and the app of this test file's own: made before its tests
 * (handed to `use`), torn down after, its Redis keys deleted.
 */
export function withTestApi(name: string, use: (db: TestDatabase, api: TestApi) => void, overrides: Partial<AppDeps> = {}): void {
  const prefix = uniquePrefix(name);
  let db: TestDatabase | undefined;
  let api: TestApi | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = createTestApi(db.pool, REDIS_URL, prefix, overrides);
    // Else, on a busy machine, the first letter may come before the queue's connection is up.
    const ready = api;
    await waitFor(() => redisUp(ready), WAIT_MS, 'the API connected to Redis');
    use(db, api);
  });
  afterAll(async () => {
    await api?.close();
    await deleteKeys(REDIS_URL, prefix);
    await db?.drop();
  });
}
