// npm run soak -- --letters 20000 [--flush-every 30] [--kill-every 20] [--temp-fail 0.1] [--drop 0.01]
//                 [--workers 2] [--redis-db 12] [--concurrency 8] [--accept-slack-ms 1000] [--drain-timeout 1800]
// Intervals are in seconds. Each flag may also come from the environment: SOAK_LETTERS, SOAK_FLUSH_EVERY,
// SOAK_KILL_EVERY, SOAK_TEMP_FAIL, SOAK_DROP, SOAK_WORKERS, SOAK_REDIS_DB, SOAK_CONCURRENCY,
// SOAK_ACCEPT_SLACK_MS, SOAK_DRAIN_TIMEOUT. Exits 1 when a letter is lost, a message failed or a
// duplicate is not explained by a kill.
import { parseArgs } from 'node:util';
import { runSoak, SOAK_DEFAULTS, type SoakOptions } from './soak.js';

const FLAGS = {
  letters: { env: 'SOAK_LETTERS', key: 'letters', scale: 1 },
  'flush-every': { env: 'SOAK_FLUSH_EVERY', key: 'flushEveryMs', scale: 1000 },
  'kill-every': { env: 'SOAK_KILL_EVERY', key: 'killEveryMs', scale: 1000 },
  'temp-fail': { env: 'SOAK_TEMP_FAIL', key: 'tempFailFraction', scale: 1 },
  drop: { env: 'SOAK_DROP', key: 'dropFraction', scale: 1 },
  workers: { env: 'SOAK_WORKERS', key: 'workers', scale: 1 },
  'redis-db': { env: 'SOAK_REDIS_DB', key: 'redisDb', scale: 1 },
  concurrency: { env: 'SOAK_CONCURRENCY', key: 'concurrency', scale: 1 },
  'accept-slack-ms': { env: 'SOAK_ACCEPT_SLACK_MS', key: 'acceptSlackMs', scale: 1 },
  'without-email-every': { env: 'SOAK_WITHOUT_EMAIL_EVERY', key: 'withoutEmailEvery', scale: 1 },
  'drain-timeout': { env: 'SOAK_DRAIN_TIMEOUT', key: 'drainTimeoutMs', scale: 1000 },
} as const satisfies Record<string, { env: string; key: keyof SoakOptions; scale: number }>;

const { values } = parseArgs({
  options: Object.fromEntries(Object.keys(FLAGS).map((name) => [name, { type: 'string' as const }])),
  strict: true,
});

const options: Partial<SoakOptions> = {};
for (const [name, { env, key, scale }] of Object.entries(FLAGS)) {
  const raw = (values as Record<string, string | undefined>)[name] ?? process.env[env];
  if (raw === undefined) continue;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name}: not a number ≥ 0: ${raw}`);
    process.exit(2);
  }
  (options as Record<string, number>)[key] = value * scale;
}
if (options.redisDb === 11) {
  console.error('--redis-db 11 is the reliability test\'s; pick another');
  process.exit(2);
}

const startedAt = Date.now();
const log = (line: string) => console.log(line);
log(`soak settings: ${JSON.stringify({ ...SOAK_DEFAULTS, ...options })}`);
// Ctrl-C: stop, then let the soak remove its workers, Redis keys and database before exiting.
const interrupted = new AbortController();
process.once('SIGINT', () => {
  log('interrupted: cleaning up');
  interrupted.abort(new Error('interrupted'));
});
try {
  const result = await runSoak({ ...options, log, signal: interrupted.signal });
  console.log('');
  for (const line of result.summary) console.log(line);
  for (const problem of result.problems) console.error(`problem: ${problem}`);
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  if (interrupted.signal.aborted) {
    console.error(`soak interrupted after ${((Date.now() - startedAt) / 1000).toFixed(1)} s; its workers, Redis database and PostgreSQL database are removed`);
    process.exit(130);
  }
  console.error(`soak aborted after ${((Date.now() - startedAt) / 1000).toFixed(1)} s:`, error);
  process.exit(1);
}
