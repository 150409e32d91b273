import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak/soak.js';
import { redisUrlForDb } from '../helpers/redis.js';

// `npm run soak`, short: 1,000 letters with the same faults (FLUSHDB, SMTP 451 on 10 % and
// 421 + close on 1 % of messages, SIGKILL of a worker process and a restart) on a compressed
// schedule. It flushes Redis database 13, its own: redis-loss-and-crashes uses 11 and
// `npm run soak` 12, so a soak can run beside `npm test`. SOAK_VERBOSE=1 prints progress.
describe('when 1,000 letters go through while Redis is flushed, SMTP refuses and drops, and workers are killed', () => {
  it('then every letter is routed, notified and acknowledged, and every second copy is explained by a kill', async () => {
    const result = await runSoak({
      letters: 1_000,
      flushEveryMs: 8_000,
      killEveryMs: 6_000,
      tempFailFraction: 0.1,
      dropFraction: 0.01,
      redisDb: 13,
      drainTimeoutMs: 300_000,
      ...(process.env.SOAK_VERBOSE ? { log: (line: string) => console.info(line) } : {}),
    });
    console.info(`soak:\n${result.summary.join('\n')}`);
    expect(result.problems).toEqual([]);
    expect(result.figures.lettersStored).toBe(1_000);
    expect(result.figures.lettersRouted).toBe(1_000);
    expect(result.figures.officeNotificationsDelivered).toBe(1_000);
    expect(result.figures.acknowledgementsDelivered).toBe(result.figures.lettersWithEmail);
    expect(result.figures.flushes).toBeGreaterThan(0);
    expect(result.figures.kills).toBeGreaterThan(0);
    expect(result.figures.duplicatesUnexplained).toBe(0);
    expect(result.figures.failures).toBe(0);
  }, 600_000);
});

describe('when a soak is interrupted (Ctrl-C) while its faults are running', () => {
  it('then it stops, cleans up its workers and Redis database, and rejects', async () => {
    const interrupted = new AbortController();
    // Interrupted at its first fault (rather than after a fixed time, which on a busy machine may
    // still be during its start): then the faults are surely running.
    const atFirstFault = (line: string) => {
      if (/^\+[\d.]+ s (flush|kill) \d/.test(line)) interrupted.abort(new Error('interrupted'));
    };
    const soak = runSoak({ letters: 100_000, flushEveryMs: 1_000, killEveryMs: 2_000, redisDb: 13, signal: interrupted.signal, log: atFirstFault });
    await expect(soak).rejects.toThrow('interrupted');
    const redis = new Redis(redisUrlForDb(13));
    try {
      expect(await redis.dbsize()).toBe(0);
    } finally {
      redis.disconnect();
    }
  }, 180_000);
});
