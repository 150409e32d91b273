import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** The same server, another database (for tests and tools that FLUSH one of their own). */
export const redisUrlForDb = (db: number) => `${REDIS_URL.replace(/\/\d*$/, '')}/${db}`;

/** A key prefix of this test file's own, so files sharing one Redis never see each other's queues. */
export const uniquePrefix = (label: string) => `test-${label}-${randomBytes(4).toString('hex')}`;

/** Deletes every key under a prefix (SCAN, not KEYS, to stay polite on a shared server). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
