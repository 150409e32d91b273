import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/pool.js';
import { recordLetter } from '../../src/submissions/intake.js';
import { letterFromWeb, webSubmissionSchema } from '../../src/submissions/submission.schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { deleteKeys, redisUrlForDb } from '../helpers/redis.js';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.js';
import { waitFor } from '../helpers/wait.js';
import { spawnWorker, type WorkerProcess } from '../helpers/worker-process.js';

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
