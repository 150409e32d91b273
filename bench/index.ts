// `npm run bench`: intake (HTTP) and pipeline (queues + SMTP) benchmarks.
// BENCH_SECONDS (default 20): duration of each autocannon run.
// BENCH_LETTERS (default 5000): letters per pipeline run (Redis, PostgreSQL backend, Redis in stages, 2 worker processes).
// BENCH_ONLY=intake|pipeline: one part only. BENCH_CPU_PROF=dir: CPU profiles of the API servers.
// Prints one line per figure: `name: value unit (ratio x)`, and for each pipeline run
// the CPU time it cost the whole machine per message. Exits non-zero if a
// 2xx answer has no row in PostgreSQL or the pipeline does not finish.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { createLogger } from '../src/logger.js';
import { SMTP_POOL_SETTINGS, smtpMailer } from '../src/mail/mailer.js';
import { postgresQueueConnection, redisQueueConnection, type QueueConnection } from '../src/queue/connection.js';
import { createProducers } from '../src/queue/producers.js';
import { routeSubmission } from '../src/routing/route-letter.js';
import { queueForRouting } from '../src/submissions/accept.js';
import { recordLetter } from '../src/submissions/intake.js';
import { letterFromWeb, webSubmissionSchema } from '../src/submissions/submission.schema.js';
import { startWorkers, type RunningWorkers } from '../workers/start.js';
import { KEY_PREFIX } from '../src/run.js';
import { APP_DEFAULTS } from '../tests/helpers/app-defaults.js';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/database.js';
import { FAST } from '../tests/helpers/pipeline.js';
import { deleteKeys, REDIS_URL, redisUrlForDb, uniquePrefix } from '../tests/helpers/redis.js';
import { freePort, spawnWorker } from '../tests/helpers/worker-process.js';
import { benchLetter } from './letter-body.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '20');
const LETTERS = Number(process.env.BENCH_LETTERS ?? '5000');
const CONNECTIONS = 50;
const HERE = path.dirname(fileURLToPath(import.meta.url));

const children = new Set<ChildProcess>();
const databases: TestDatabase[] = [];
const prefixes: string[] = [];
const figures: string[] = [];
let failed = false;

const log = (text: string) => console.error(`[bench] ${text}`);
function figure(name: string, value: number, unit: string, ratio?: number) {
  const line = `${name}: ${value.toFixed(unit.startsWith('ms') ? 1 : 0)} ${unit}${ratio === undefined ? '' : ` (${ratio.toFixed(2)} x)`}`;
  figures.push(line);
  console.log(line);
}

/**
 * Busy CPU time of the whole machine so far (every process, all cores), in ms:
 * what a stage costs the machine, PostgreSQL, Redis and the sink included.
 */
function machineBusyMs(): number {
  return os.cpus().reduce((sum, { times: t }) => sum + t.user + t.nice + t.sys + t.irq, 0);
}

// ---------- child processes ----------

function forkChild(script: string, env: Record<string, string>): ChildProcess {
  const child = fork(path.join(HERE, script), [], {
    // BENCH_CPU_PROF=dir: children write V8 CPU profiles there (on a clean exit).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function nextMessage<T>(child: ChildProcess, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => settle(() => resolve(m as T));
    const onExit = (code: number | null) => settle(() => reject(new Error(`child exited (${code})`)));
    const timer = setTimeout(() => settle(() => reject(new Error('child did not answer'))), timeoutMs);
    // Listeners go as soon as one fires: the sink is asked for its count many times.
    const settle = (done: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      done();
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

// ---------- intake ----------

type LoadResult = { rps: number; p50: number; p99: number; ok: number; non2xx: number; errors: number; references: string[] };

async function load(port: number, seconds: number, collect: boolean): Promise<LoadResult> {
  const references: string[] = [];
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/submissions',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(benchLetter()) }),
        ...(collect
          ? {
              onResponse: (status: number, body: string) => {
                if (status >= 200 && status < 300) references.push((JSON.parse(body) as { reference: string }).reference);
              },
            }
          : {}),
      },
    ],
  });
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    references,
  };
}

async function withServer<T>(env: Record<string, string>, run: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const child = forkChild('api-server.ts', { ...env, PORT: String(port) });
  try {
    await nextMessage(child);
    return await run(port);
  } finally {
    await stopChild(child);
  }
}

async function checkRows(db: TestDatabase, label: string, result: LoadResult): Promise<void> {
  const unique = new Set(result.references);
  const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM submissions WHERE reference = ANY($1)', [
    [...unique],
  ]);
  const found = Number(rows[0]!.n);
  log(`${label}: ${result.ok} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors; ${found} of ${unique.size} references have their row`);
  if (found !== result.ok || unique.size !== result.ok || result.references.length !== result.ok) {
    failed = true;
    console.error(`FAIL ${label}: ${result.ok} 2xx answers but ${found} rows (${unique.size} distinct references)`);
  }
}

/** Letters/s the database takes when nothing else is in the way: the app's insert path, called directly. */
async function storeOnly(db: TestDatabase, seconds: number): Promise<number> {
  let stored = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (performance.now() < end) {
        const letter = letterFromWeb(webSubmissionSchema.parse(benchLetter()), 'sr-Latn');
        if ((await recordLetter(db.pool, letter, new Date())).kind === 'created') stored++;
      }
    }),
  );
  return stored / ((performance.now() - started) / 1000);
}

async function intake(): Promise<void> {
  const db = await createTestDatabase();
  databases.push(db);
  const prefix = uniquePrefix('bench-intake');
  prefixes.push(prefix);
  const appEnv = { BENCH_MODE: 'app', DATABASE_URL: db.url, REDIS_URL, BENCH_PREFIX: prefix };
  const warm = Math.min(3, SECONDS);

  log(`bare express, 1 process, ${CONNECTIONS} connections, ${SECONDS} s`);
  const bare = await withServer({ BENCH_MODE: 'bare', BENCH_PROCESSES: '1' }, async (port) => {
    await load(port, warm, false);
    return load(port, SECONDS, false);
  });

  log(`PostgreSQL alone: recordLetter from 20 callers in this process (the app's pool size), ${SECONDS} s`);
  const stored = await storeOnly(db, SECONDS);
  log(`PostgreSQL alone without the staff search index (what that index costs), ${SECONDS} s`);
  const unindexed = await createTestDatabase();
  databases.push(unindexed);
  await unindexed.pool.query('DROP INDEX submissions_search');
  const storedUnindexed = await storeOnly(unindexed, SECONDS);

  log(`app, 1 process`);
  const one = await withServer({ ...appEnv, BENCH_PROCESSES: '1' }, async (port) => {
    await checkRows(db, 'intake warm-up (1 process)', await load(port, warm, true));
    return load(port, SECONDS, true);
  });
  await checkRows(db, 'intake (1 process)', one);

  log(`app, 2 processes (cluster)`);
  const two = await withServer({ ...appEnv, BENCH_PROCESSES: '2' }, async (port) => {
    await checkRows(db, 'intake warm-up (2 processes)', await load(port, warm, true));
    return load(port, SECONDS, true);
  });
  await checkRows(db, 'intake (2 processes)', two);

  figure('intake bare express', bare.rps, 'req/s');
  figure('intake bare express p50', bare.p50, 'ms');
  figure('intake bare express p99', bare.p99, 'ms');
  // The database's own ceiling for this letter on this machine, no HTTP at all.
  figure('intake PostgreSQL only (no HTTP)', stored, 'letters/s', stored / bare.rps);
  figure('intake PostgreSQL only, without the search index', storedUnindexed, 'letters/s', storedUnindexed / bare.rps);
  figure('intake letters', one.rps, 'letters/s', one.rps / bare.rps);
  figure('intake p50', one.p50, 'ms');
  figure('intake p99', one.p99, 'ms');
  // Ratio here: the scaling, 2-process letters/s ÷ 1-process letters/s.
  figure('intake 2 processes letters (scaling vs 1 process)', two.rps, 'letters/s', two.rps / one.rps);
  figure('intake 2 processes p50', two.p50, 'ms');
  figure('intake 2 processes p99', two.p99, 'ms');
}

// ---------- pipeline ----------

type Sink = { child: ChildProcess; url: string; port: number; count(reset?: boolean): Promise<number> };

async function startSink(): Promise<Sink> {
  const child = forkChild('smtp-sink.ts', {});
  const { port } = await nextMessage<{ port: number }>(child);
  return {
    child,
    port,
    url: `smtp://127.0.0.1:${port}`,
    async count(reset = false) {
      const answer = nextMessage<{ count: number }>(child);
      child.send(reset ? 'reset' : 'count');
      return (await answer).count;
    },
  };
}

async function inParallel<T>(items: readonly T[], concurrency: number, each: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await each(items[next++]!);
    }),
  );
}

type Sample = { recipient: string; subject: string; body_text: string; body_html: string };

/** Worker processes as `npm run start:worker` runs them, on Redis database 14 (flushed before and after). */
const WORKER_REDIS_URL = redisUrlForDb(14);

async function startWorkerProcesses(count: number, databaseUrl: string, smtpUrl: string): Promise<RunningWorkers> {
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: WORKER_REDIS_URL,
    SMTP_URL: smtpUrl,
    MAIL_FROM: APP_DEFAULTS.mailFrom,
    MAIL_RETRY_BASE_MS: String(FAST.mailRetryBaseMs),
    RECONCILE_GRACE_SECONDS: '30',
  };
  const processes = await Promise.all(Array.from({ length: count }, () => spawnWorker(env)));
  for (const w of processes) children.add(w.child);
  return {
    async close() {
      for (const w of processes) w.child.kill('SIGTERM');
      await Promise.all(processes.map((w) => w.exited));
      for (const w of processes) children.delete(w.child);
    },
  };
}

/**
 * Letters in PostgreSQL, then workers until every message is at the sink:
 * - `one process`: the workers in this process;
 * - `stages`: the two halves apart: the letters are first routed by direct calls
 *   (8 at a time, as the route worker's concurrency; timed as `routeRate`), then
 *   only the mail jobs go through the queue (timed as `rate`);
 * - `2 worker processes`: two `npm run start:worker` processes instead.
 */
async function pipeline(
  kind: 'redis' | 'postgres',
  sink: Sink,
  mode: 'one process' | 'stages' | '2 worker processes' = 'one process',
): Promise<{ rate: number; cpu: number; samples: Sample[]; routeRate?: number; routeCpu?: number }> {
  const stages = mode === 'stages';
  const db = await createTestDatabase();
  databases.push(db);
  const prefix = mode === '2 worker processes' ? KEY_PREFIX : uniquePrefix(`bench-pipeline-${kind}`);
  if (kind === 'redis' && mode !== '2 worker processes') prefixes.push(prefix);
  const logger = createLogger('warn');

  log(`${kind}: inserting ${LETTERS} letters`);
  const ids: number[] = [];
  await inParallel(
    Array.from({ length: LETTERS }, (_, i) => i),
    16,
    async () => {
      const letter = letterFromWeb(webSubmissionSchema.parse(benchLetter()), 'sr-Latn');
      const result = await recordLetter(db.pool, letter, new Date());
      if (result.kind === 'created') ids.push(result.submissionId);
    },
  );

  let routeRate: number | undefined;
  let routeCpu: number | undefined;
  const messageIds: number[] = [];
  if (stages) {
    const routingStarted = performance.now();
    const routingCpuStarted = machineBusyMs();
    await inParallel(ids, 8, async (id) => {
      messageIds.push(...(await routeSubmission({ pool: db.pool, ...APP_DEFAULTS }, id)).messageIds);
    });
    routeRate = ids.length / ((performance.now() - routingStarted) / 1000);
    routeCpu = (machineBusyMs() - routingCpuStarted) / messageIds.length;
    log(`${kind}: routed ${ids.length} letters by direct calls at ${routeRate.toFixed(0)} letters/s`);
  }

  const separate = mode === '2 worker processes';
  if (separate) await flushWorkerRedis();
  const connection: QueueConnection =
    kind === 'postgres' ? postgresQueueConnection(db.url) : redisQueueConnection(separate ? WORKER_REDIS_URL : REDIS_URL, prefix);
  await sink.count(true);
  // The reconciler at production's grace (30 s): it only steps in for work whose
  // enqueue failed (e.g. an add that timed out under load), as in production.
  const workers = separate
    ? await startWorkerProcesses(2, db.url, sink.url)
    : startWorkers({
        pool: db.pool,
        connection,
        mailer: smtpMailer(sink.url, APP_DEFAULTS.mailFrom),
        logger,
        settings: { ...FAST, reconcileGraceSeconds: 30, reconcileEveryMs: 5_000 },
      });
  const producers = createProducers(connection, FAST.mailRetryBaseMs);
  const expected = 2 * ids.length;
  log(`${kind}: workers started; enqueueing ${stages ? `${messageIds.length} mail` : `${ids.length} route`} jobs, waiting for ${expected} messages`);
  // The producer's connection fails fast: wait until it is up before adding.
  for (let i = 0; !connection.isUp(); i++) {
    if (i > 200) throw new Error(`${kind} queue connection not up`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await connection.ping();
  const started = performance.now();
  const cpuStarted = machineBusyMs();
  if (stages) {
    for (let i = 0; i < messageIds.length; i += 500) await producers.enqueueMail(messageIds.slice(i, i + 500));
  } else {
    await inParallel(ids, 32, async (id) => {
      // The app's own path after the commit: add the route job.
      if (!(await queueForRouting(producers, id))) log(`${kind}: route job for ${id} not added (the reconciler will)`);
    });
  }
  let sent = 0;
  let failedMail = 0;
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    const { rows } = await db.pool.query<{ sent: string; failed: string }>(
      "SELECT count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status = 'failed') AS failed FROM outbox",
    );
    sent = Number(rows[0]!.sent);
    failedMail = Number(rows[0]!.failed);
    if (sent + failedMail >= expected) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = (machineBusyMs() - cpuStarted) / sent;
  const accepted = await sink.count();
  log(`${kind}: ${sent} sent, ${failedMail} failed in outbox; sink accepted ${accepted}; ${seconds.toFixed(1)} s`);
  if (sent !== expected) {
    failed = true;
    console.error(`FAIL pipeline ${kind}: ${sent} of ${expected} messages sent`);
  }
  const { rows: samples } = await db.pool.query<Sample>(
    "SELECT DISTINCT ON (kind) recipient, subject, body_text, body_html FROM outbox WHERE status = 'sent' ORDER BY kind, id",
  );
  await workers.close(5_000);
  await connection.close();
  if (separate) await flushWorkerRedis();
  return { rate: sent / seconds, cpu, samples, ...(stages ? { routeRate, routeCpu } : {}) };
}

/** Bare nodemailer to the same sink: same pool settings, 10 in flight, the app's real message bodies. */
async function bareNodemailer(sink: Sink, samples: Sample[]): Promise<{ rate: number; cpu: number }> {
  const count = 2 * LETTERS;
  await sink.count(true);
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    ignoreTLS: true,
    ...SMTP_POOL_SETTINGS,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const started = performance.now();
  const cpuStarted = machineBusyMs();
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    10,
    async (i) => {
      const sample = samples[i % samples.length]!;
      await transport.sendMail({
        from: APP_DEFAULTS.mailFrom,
        to: sample.recipient,
        subject: sample.subject,
        text: sample.body_text,
        html: sample.body_html,
        messageId: `<bench-${i}-${process.pid}@president.example>`,
        headers: { 'X-Correspondence-Reference': 'PR-2026-000001-7' },
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = (machineBusyMs() - cpuStarted) / count;
  transport.close();
  const accepted = await sink.count();
  log(`bare nodemailer: sink accepted ${accepted} of ${count} in ${seconds.toFixed(1)} s`);
  return { rate: count / seconds, cpu };
}

// ---------- main ----------

class Skip extends Error {}

async function flushWorkerRedis(): Promise<void> {
  const redis = new Redis(WORKER_REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

async function cleanup(): Promise<void> {
  for (const child of [...children]) await stopChild(child).catch(() => undefined);
  for (const db of databases.splice(0)) await db.drop().catch((e: Error) => log(`drop failed: ${e.message}`));
  for (const prefix of prefixes.splice(0)) await deleteKeys(REDIS_URL, prefix).catch(() => undefined);
  await flushWorkerRedis().catch(() => undefined);
}

process.once('SIGINT', () => {
  void cleanup().finally(() => process.exit(130));
});

try {
  log(`BENCH_SECONDS=${SECONDS} BENCH_LETTERS=${LETTERS}`);
  // BENCH_ONLY=intake or BENCH_ONLY=pipeline runs just that part (e.g. for profiling).
  const only = process.env.BENCH_ONLY;
  if (only !== 'pipeline') await intake();
  if (only === 'intake') throw new Skip();
  const sink = await startSink();
  const redis = await pipeline('redis', sink);
  const bare = await bareNodemailer(sink, redis.samples);
  const baseline = bare.rate;
  const postgres = await pipeline('postgres', sink);
  log('redis, in stages: routing alone, then mail alone');
  const staged = await pipeline('redis', sink, 'stages');
  log('redis, 2 worker processes');
  const twoProcesses = await pipeline('redis', sink, '2 worker processes');
  figure('pipeline bare nodemailer', baseline, 'messages/s');
  figure('pipeline redis', redis.rate, 'messages/s', redis.rate / baseline);
  figure('pipeline postgres', postgres.rate, 'messages/s', postgres.rate / baseline);
  // Where the time goes: each half on its own (ratio: messages/s against bare nodemailer).
  figure('pipeline routing alone (direct calls, 8 at a time)', staged.routeRate ?? 0, 'letters/s', (2 * (staged.routeRate ?? 0)) / baseline);
  figure('pipeline mail alone (redis queue)', staged.rate, 'messages/s', staged.rate / baseline);
  // Workers as deployed, two processes (each with its own 5-connection SMTP pool).
  figure('pipeline redis, 2 worker processes', twoProcesses.rate, 'messages/s', twoProcesses.rate / baseline);
  // What a message costs the whole machine in CPU (ratio: times bare nodemailer's cost). On a machine whose
  // cores are all busy, rate ≈ cores × 1000 / this.
  figure('pipeline bare nodemailer machine CPU', bare.cpu, 'ms/message');
  for (const [name, cpu] of [
    ['redis', redis.cpu],
    ['postgres', postgres.cpu],
    ['routing alone', staged.routeCpu ?? 0],
    ['mail alone', staged.cpu],
    ['redis, 2 worker processes', twoProcesses.cpu],
  ] as const) {
    figure(`pipeline ${name} machine CPU`, cpu, 'ms/message', cpu / bare.cpu);
  }
} catch (error) {
  if (!(error instanceof Skip)) {
    failed = true;
    console.error(error);
  }
} finally {
  await cleanup();
}
console.log('--- summary ---');
for (const line of figures) console.log(line);
process.exit(failed ? 1 : 0);
