import { spawn } from 'node:child_process';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, inTransaction } from '../../src/db/pool.js';
import { createApp } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { redisQueueConnection } from '../../src/queue/connection.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { recordLetter } from '../../src/submissions/intake.js';
import { letterFromWeb, webSubmissionSchema } from '../../src/submissions/submission.schema.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { capturingLogger } from '../helpers/logger.js';
import { deleteKeys, REDIS_URL, redisUrlForDb, uniquePrefix } from '../helpers/redis.js';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.js';
import { waitFor } from '../helpers/wait.js';
import { freePort, spawnFromSource, spawnWorker, type WorkerProcess } from '../helpers/worker-process.js';

// The processes this file starts use the deployment's key prefix, so they get a Redis database
// no other test file uses (keys deleted by prefix, never FLUSHed).
const REDIS_DB_URL = redisUrlForDb(9);
const KEYS = '{pisarnica}';

let db: TestDatabase;
let smtp: TestSmtp;
let admin: pg.Client;
const processes: WorkerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpServer();
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await deleteKeys(REDIS_DB_URL, KEYS);
});

afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await admin.end();
  await smtp.close();
  await db.drop();
  await deleteKeys(REDIS_DB_URL, KEYS);
});

const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

async function storeLetter(): Promise<number> {
  const stored = await recordLetter(db.pool, letterFromWeb(webSubmissionSchema.parse(exampleLetter()), 'sr-Latn'), new Date());
  if (stored.kind !== 'created') throw new Error('not stored');
  return stored.submissionId;
}

describe('a database connection lost while it is checked out', () => {
  it('when the backend of a client idle inside a transaction is terminated, then the transaction fails, the process lives and the next one succeeds', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const failed = inTransaction(db.pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        const ended = new Promise((resolve) => client.once('end', resolve));
        await terminate(rows[0]!.pid);
        // The client sits between queries when its server goes: exactly when pg emits 'error' on it.
        await ended;
        await client.query('SELECT 1');
      });
      await expect(failed).rejects.toThrow();
      expect(uncaught).toEqual([]);
      const { rows } = await inTransaction(db.pool, (client) => client.query<{ one: number }>('SELECT 1 AS one'));
      expect(rows[0]?.one).toBe(1);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('when the backend of a route job is terminated mid-transaction, then the worker process lives and the job is retried until the letter is routed', async () => {
    const id = await storeLetter();
    // Hold the letter's row so the route job's transaction waits on it, then end that backend.
    const locker = await db.pool.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM submissions WHERE id = $1 FOR UPDATE', [id]);
    const worker = await spawnWorker({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_DB_URL,
      SMTP_URL: smtp.url,
      RECONCILE_GRACE_SECONDS: '1',
      RECONCILE_INTERVAL_SECONDS: '1',
    });
    processes.push(worker);
    let waiting: number | undefined;
    await waitFor(async () => {
      // Not on `admin`: inside a transaction pg_stat_activity is one snapshot.
      const { rows } = await db.pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'pisarnica' AND wait_event_type = 'Lock'`,
      );
      waiting = rows[0]?.pid;
      return waiting !== undefined;
    }, 30_000, 'the route job waiting on the row lock');
    await terminate(waiting!);
    await locker.query('ROLLBACK');
    locker.release();

    await waitFor(async () => {
      const { rows } = await db.pool.query<{ status: string }>('SELECT status FROM submissions WHERE id = $1', [id]);
      return rows[0]?.status === 'routed';
    }, 60_000, 'the letter routed');
    expect(worker.child.exitCode).toBeNull();
    expect(worker.output.join('')).not.toMatch(/Unhandled 'error' event|57P01/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  }, 120_000);
});

describe('readiness', () => {
  const prefix = uniquePrefix('readyz');
  const connection = redisQueueConnection(REDIS_URL, prefix);
  const appOn = (pool: pg.Pool) =>
    createApp({ pool, logger: capturingLogger().logger, queueReady: () => connection.ping(), rateLimitPerHour: 0, ...APP_DEFAULTS });

  afterAll(async () => {
    await connection.close();
    await deleteKeys(REDIS_URL, prefix);
  });

  it('when the schema this code needs is gone from the database, then /readyz is 503 saying so, and 200 once it is back', async () => {
    const app = appOn(db.pool);
    expect((await request(app).get('/readyz')).body).toEqual({ database: true, schema: true, queue: true });
    await db.pool.query('ALTER TABLE schema_migrations RENAME TO schema_migrations_away');
    try {
      const res = await request(app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ database: true, schema: false, queue: true });
    } finally {
      await db.pool.query('ALTER TABLE schema_migrations_away RENAME TO schema_migrations');
    }
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('when the database is an empty one (replaced under the process), then /readyz is 503', async () => {
    const name = `pisarnica_empty_${process.pid}`;
    const server = new pg.Client({ connectionString: ADMIN_URL });
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS ${name}`);
    await server.query(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const empty = createPool(url.toString(), 2);
    try {
      const res = await request(appOn(empty)).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ database: true, schema: false, queue: true });
    } finally {
      await empty.end();
      await server.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await server.end();
    }
  });
});

let port: number;
const appEnv = () => ({ DATABASE_URL: db.url, REDIS_URL: REDIS_DB_URL, SMTP_URL: smtp.url, PORT: String(port) });

/** Runs an entry point from source with the app's settings (and `env` over them) until it exits; its JSON log lines. */
async function runToExit(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...appEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise((resolve) => child.once('close', (c) => resolve(c)));
  const lines = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines, output };
}

describe('the process says why it stops', () => {
  beforeAll(async () => {
    port = await freePort();
  });

  it('when the reader of its piped stdout goes away, then the process goes on answering and stops cleanly on SIGTERM', async () => {
    const app = await spawnFromSource('src/main.ts', 'API listening', appEnv(), 60_000);
    processes.push(app);
    const base = `http://127.0.0.1:${port}`;
    app.child.stdout!.destroy();
    // Every answer logs a line to the closed pipe.
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await waitFor(() => app.output.join('').includes('log destination failed'), 15_000, 'the failure said on stderr');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }, 120_000);

  it('when the start fails (nothing listens on the database port), then the reason and the exit are the last lines, and the exit code is 1', async () => {
    const { code, lines } = await runToExit(['src/main.ts'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    expect(code).toBe(1);
    expect(lines.at(-2)).toMatchObject({ level: 60, msg: 'start failed', errMessage: expect.stringContaining('ECONNREFUSED') });
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'exiting', reason: 'start failed', exitCode: 1 });
  }, 60_000);

  it.each([
    ['missing', 'job table: queue "mail" has no handler'],
    ['duplicate', 'job table: queue "route" has 2 handlers'],
  ])('when the job table has a %s handler, then the worker process refuses to start, saying which queue, and exits 1', async (kind, reason) => {
    const { code, lines, output } = await runToExit(['tests/helpers/broken-job-table.ts', kind], { METRICS_PORT: '0' });
    expect(code).toBe(1);
    expect(lines.at(-2)).toMatchObject({ level: 60, msg: 'start failed', errMessage: reason });
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'exiting', reason: 'start failed', exitCode: 1 });
    expect(output).not.toContain('workers started');
  }, 60_000);

  it('when an exception nobody catches is thrown, then it is logged as fatal with the exit that follows, and the exit code is 1', async () => {
    const app = await spawnFromSource('tests/helpers/uncaught-after-start.ts', 'API listening', appEnv(), 60_000);
    processes.push(app);
    expect(await app.exited).toBe(1);
    const output = app.output.join('');
    expect(output).toMatch(/"level":60,[^\n]*"errMessage":"a fault nobody caught"[^\n]*"msg":"uncaught exception"/);
    expect(output).toMatch(/"level":50,[^\n]*"reason":"uncaught exception","exitCode":1,"msg":"exiting"/);
  }, 120_000);
});
