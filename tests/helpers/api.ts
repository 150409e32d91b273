import type { Express } from 'express';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createApp, type AppDeps } from '../../src/http/app.js';
import type { Pool } from '../../src/db/pool.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { createRedis } from '../../src/queue/redis.js';
import { createRedisRouteProducer, type RouteProducer } from '../../src/queue/route-producer.js';
import { capturingLogger } from './logger.js';

export type TestApi = {
  app: Express;
  redis: Redis;
  producer: RouteProducer;
  routeQueue: Queue;
  logLines: string[];
  close(): Promise<void>;
};

/** The real app on a real pool and Redis, with queues under the given prefix. */
export function createTestApi(
  pool: Pool,
  redisUrl: string,
  prefix: string,
  overrides: Partial<AppDeps> = {},
): TestApi {
  const { logger, lines } = capturingLogger();
  const redis = createRedis(redisUrl, 'producer');
  const producer = createRedisRouteProducer(redis, prefix);
  const routeQueue = new Queue(QUEUE_NAMES.route, { connection: { url: redisUrl }, prefix });
  const app = createApp({
    pool,
    logger,
    redis,
    routeProducer: producer,
    queueReady: async () => (await redis.ping()) === 'PONG',
    rateLimitPerHour: 0,
    keyPrefix: prefix,
    ...overrides,
  });
  return {
    app,
    redis,
    producer,
    routeQueue,
    logLines: lines,
    async close() {
      await producer.close();
      await routeQueue.close();
      redis.disconnect();
    },
  };
}
