import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import type { AllowList } from '../../src/ops/allow-list.js';
import { createMetrics, type Metrics } from '../../src/ops/metrics.js';
import { postgresQueueConnection, redisQueueConnection, type QueueConnection } from '../../src/queue/connection.js';
import { createProducers } from '../../src/queue/producers.js';
import { QUEUE_NAMES, queuesByName } from '../../src/queue/jobs.js';
import { countLettersByStatus } from '../../src/submissions/submission.store.js';
import { startWorkers, type RunningWorkers, type WorkerSettings } from '../../workers/start.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { capturingLogger } from './logger.js';
import { startSmtpServer, type TestSmtp } from './smtp.js';
import { APP_DEFAULTS } from './app-defaults.js';
import { WAIT_MS, waitFor, waitForIdle } from './wait.js';

export const MAIL_FROM = APP_DEFAULTS.mailFrom;

/** Fast timings so faults heal within a test; production defaults are in src/config.ts. */
export const FAST: WorkerSettings = {
  publicBaseUrl: 'http://localhost:3000',
  mailFrom: MAIL_FROM,
  mailSigningKey: APP_DEFAULTS.mailSigningKey,
  mailReplyAddress: APP_DEFAULTS.mailReplyAddress,
  mailLeaseSeconds: 5,
  mailRetryBaseMs: 200,
  reconcileGraceSeconds: 1,
  reconcileEveryMs: 500,
  retentionDays: 1825,
};

export type Pipeline = {
  db: TestDatabase;
  smtp: TestSmtp;
  app: Express;
  connection: QueueConnection;
  workers: RunningWorkers;
  /** Shared by the app and the workers, as in `npm start`. */
  metrics: Metrics;
  logLines: string[];
  close(): Promise<void>;
};

/**
 * API and workers in this process on a database of the test's own, a real SMTP
 * server, and queues on Redis (under `prefix`) or, without a Redis URL, on
 * BullMQ's PostgreSQL backend in the same database.
 */
export async function startPipeline(options: {
  redisUrl?: string;
  prefix?: string;
  settings?: Partial<WorkerSettings>;
  metricsAllow?: AllowList;
}): Promise<Pipeline> {
  const db = await createTestDatabase();
  const smtp = await startSmtpServer();
  const { logger, lines } = capturingLogger('debug');
  const settings = { ...FAST, ...options.settings };
  const connection = options.redisUrl
    ? redisQueueConnection(options.redisUrl, options.prefix ?? 'test')
    : postgresQueueConnection(db.url);
  const metrics = createMetrics({
    lettersByStatus: (timeoutMs) => countLettersByStatus(db.pool, timeoutMs),
    queues: queuesByName(connection),
  });
  const workers = startWorkers({ pool: db.pool, connection, mailer: smtpMailer(smtp.url, MAIL_FROM), logger, settings, metrics });
  const app = createApp({
    pool: db.pool,
    logger,
    producers: createProducers(connection, settings.mailRetryBaseMs),
    queues: Object.values(QUEUE_NAMES).map((name) => connection.queue(name)),
    queueReady: () => connection.ping(),
    rateLimitPerHour: 0,
    ...APP_DEFAULTS,
    metrics,
    metricsAllow: options.metricsAllow,
  });
  return {
    db,
    smtp,
    app,
    connection,
    workers,
    metrics,
    logLines: lines,
    async close() {
      await workers.close(5_000);
      await connection.close();
      await smtp.close();
      await db.drop();
    },
  };
}

/**
 * Waits until these letters are routed, each of their messages has ended (sent or failed) and no
 * mail job is left that could send again: what the SMTP server then holds for them is final, so a
 * test can count copies without a fixed pause.
 */
export async function mailSettled(p: Pipeline, references: readonly string[]): Promise<void> {
  await waitFor(async () => {
    const { rows } = await p.db.pool.query(
      `SELECT (SELECT count(*) FROM submissions WHERE reference = ANY($1) AND status = 'received')
            + (SELECT count(*) FROM outbox o JOIN submissions s ON s.id = o.submission_id
                WHERE s.reference = ANY($1) AND o.status NOT IN ('sent', 'failed')) AS open`,
      [references],
    );
    return Number(rows[0].open) === 0;
  }, WAIT_MS, `mail of ${references.join(', ')} settled`);
  await waitForIdle(p.connection.queue(QUEUE_NAMES.mail));
}
