import type { Worker } from 'bullmq';
import type { Pool } from '../src/db/pool.js';
import type { Logger } from '../src/logger.js';
import type { Mailer } from '../src/mail/mailer.js';
import { createMetrics, type Metrics } from '../src/ops/metrics.js';
import type { QueueConnection } from '../src/queue/connection.js';
import { QUEUE_NAMES } from '../src/queue/names.js';
import { createProducers } from '../src/queue/producers.js';
import { mailProcessor } from './mail.js';
import { keepReconcileScheduled, keepScheduled, reconcileProcessor } from './reconcile.js';
import { retentionProcessor } from './retention.js';
import { routeProcessor } from './route.js';
import { timedWorkers } from './timed.js';

export type WorkerSettings = {
  publicBaseUrl: string;
  mailFrom: string;
  /** How long a sender holds a message before another may take it over. */
  mailLeaseSeconds: number;
  /** First retry delay of a mail job; it doubles each attempt. */
  mailRetryBaseMs: number;
  /** How old unfinished work must be before the reconciler queues it again. */
  reconcileGraceSeconds: number;
  reconcileEveryMs: number;
  /** Closed letters older than this are anonymised by the daily retention job. */
  retentionDays: number;
  /** Acknowledgements one address may get in 24 hours; 0: no limit. */
  acknowledgementsPerAddressPerDay?: number;
};

export type RunningWorkers = { close(deadlineMs: number): Promise<void> };

const RETENTION_SCHEDULER_ID = 'retention-daily';
/** Every night at 03:15, Belgrade time. */
const RETENTION_CRON = '15 3 * * *';

/** The route, mail and reconcile workers on one queue connection. */
export function startWorkers(deps: {
  pool: Pool;
  connection: QueueConnection;
  mailer: Mailer;
  logger: Logger;
  settings: WorkerSettings;
  /** Where job, mail and reconciler series are recorded; absent: recorded nowhere anyone reads. */
  metrics?: Metrics;
}): RunningWorkers {
  const { pool, mailer, logger, settings } = deps;
  const metrics = deps.metrics ?? createMetrics({ processMetrics: false });
  // Every worker made on this connection times its jobs (job_duration_seconds, job_failures_total by queue).
  const connection = timedWorkers(deps.connection, metrics);
  const producers = createProducers(connection, settings.mailRetryBaseMs);
  const workers: Worker[] = [
    connection.worker(
      QUEUE_NAMES.route,
      routeProcessor({
        pool, producers, logger, publicBaseUrl: settings.publicBaseUrl, mailFrom: settings.mailFrom,
        acknowledgementsPerAddressPerDay: settings.acknowledgementsPerAddressPerDay,
      }),
      { concurrency: 8 },
    ),
    connection.worker(QUEUE_NAMES.mail, mailProcessor({ pool, mailer, logger, metrics, leaseSeconds: settings.mailLeaseSeconds }), {
      concurrency: 10,
    }),
    connection.worker(
      QUEUE_NAMES.reconcile,
      reconcileProcessor({ pool, producers, logger, metrics, graceSeconds: settings.reconcileGraceSeconds, batch: 1000 }),
      { concurrency: 1 },
    ),
  ];
  workers.push(
    connection.worker(
      QUEUE_NAMES.retention,
      retentionProcessor({ pool, logger, retentionDays: settings.retentionDays, clock: () => new Date() }),
      { concurrency: 1 },
    ),
  );
  const stopScheduling = keepReconcileScheduled(connection.queue(QUEUE_NAMES.reconcile), settings.reconcileEveryMs);
  const stopRetention = keepScheduled(connection.queue(QUEUE_NAMES.retention), RETENTION_SCHEDULER_ID, { pattern: RETENTION_CRON, tz: 'Europe/Belgrade' }, 'retention');
  logger.info({ queue: connection.kind, mail: mailer.describe() }, 'workers started');
  return {
    async close(deadlineMs) {
      stopScheduling();
      stopRetention();
      // worker.close() waits for running jobs without limit; past the deadline, force it.
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), deadlineMs).unref()),
      ]);
      if (timedOut) {
        logger.warn('jobs still running at the shutdown deadline; closing anyway');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      mailer.close();
    },
  };
}
