import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './redis-target.js';

/**
 * Producers (the API) fail fast: no offline queue, so a request never waits
 * for Redis to come back. Workers wait for ever: BullMQ needs
 * maxRetriesPerRequest null on blocking connections.
 */
export function createRedis(target: RedisTarget, role: 'producer' | 'worker'): Redis {
  const options: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...(role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
      : { maxRetriesPerRequest: null }),
  };
  const redis = typeof target === 'string' ? new Redis(target, options) : new Redis({ ...options, ...sentinelOptions(target) });
  // Connection errors are retried by ioredis; readiness is reported by /readyz.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * The master through the sentinels, asked again on every reconnect. After a
 * failover the old master may come back as a replica while a connection to it
 * is still open: a READONLY answer reconnects (to the new master) and sends
 * the command again, and the failover detector reconnects as soon as the
 * sentinels announce the switch.
 */
function sentinelOptions(target: Exclude<RedisTarget, string>): RedisOptions {
  return {
    sentinels: target.sentinels.map((s) => ({ host: s.host, port: s.port })),
    name: target.name,
    ...(target.password ? { password: target.password } : {}),
    ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
    role: 'master',
    failoverDetector: true,
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  };
}
