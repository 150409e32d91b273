import { Redis } from 'ioredis';

/**
 * Producers (the API) fail fast: no offline queue, so a request never waits
 * for Redis to come back. Workers wait for ever: BullMQ needs
 * maxRetriesPerRequest null on blocking connections.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...(role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
      : { maxRetriesPerRequest: null }),
  });
  // Connection errors are retried by ioredis; readiness is reported by /readyz.
  redis.on('error', () => undefined);
  return redis;
}
