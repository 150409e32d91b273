import type { Worker } from 'bullmq';
import type { Pool } from '../src/db/pool.js';
import type { Logger } from '../src/logger.js';
import type { Mailer } from '../src/mail/mailer.js';
import type { QueueConnection } from '../src/queue/connection.js';
import { checkJobTable, JOBS, QUEUE_NAMES } from '../src/queue/jobs.js';
import { createProducers } from '../src/queue/producers.js';
import { HANDLERS, processorOf, type Handler, type WorkerMetrics } from './handlers.js';
import { keepReconcileScheduled, keepScheduled } from './reconcile.js';
import type { WorkerSettings } from './settings.js';
import { timedWorkers } from './timed.js';
import { settleWithin } from '../src/deadline.js';

export type { WorkerSettings } from './settings.js';

export type RunningWorkers = { close(deadlineMs: number): Promise<void> };

const RETENTION_SCHEDULER_ID = 'retention-daily';
/** Every night at 03:15, Belgrade time. */
const RETENTION_CRON = '15 3 * * *';

const RECORDED_NOWHERE: WorkerMetrics = {
  jobProcessed: () => undefined,
  mailSent: () => undefined,
  mailFailed: () => undefined,
  mailRetried: () => undefined,
  acknowledgementSent: () => undefined,
  reconcilerRequeued: () => undefined,
};

/** One worker per queue of the job table, on one queue connection, and the schedulers. */
export function startWorkers(deps: {
  pool: Pool;
  connection: QueueConnection;
  mailer: Mailer;
  logger: Logger;
  settings: WorkerSettings;
  /** Where job, mail and reconciler series are recorded; absent: recorded nowhere anyone reads. */
  metrics?: WorkerMetrics;
  /** The job table's handlers; tests give a broken set to see the start refused. */
  handlers?: readonly Handler[] | undefined;
}): RunningWorkers {
  const { pool, mailer, logger, settings } = deps;
  const handlers = deps.handlers ?? HANDLERS;
  // Before anything is started: a queue with no handler, or two, is a build mistake.
  checkJobTable(Object.keys(JOBS), handlers);
  const metrics = deps.metrics ?? RECORDED_NOWHERE;
  // Every worker made on this connection times its jobs (job_duration_seconds, job_failures_total by queue).
  const connection = timedWorkers(deps.connection, metrics);
  const producers = createProducers(connection, settings.mailRetryBaseMs);
  const handlerDeps = { pool, mailer, logger, metrics, producers, settings };
  const workers: Worker[] = handlers.map((h) =>
    connection.worker(h.queue, processorOf(h, handlerDeps), { concurrency: JOBS[h.queue].concurrency }));
  const stopScheduling = keepReconcileScheduled(connection.queue(QUEUE_NAMES.reconcile), settings.reconcileEveryMs);
  const stopRetention = keepScheduled(connection.queue(QUEUE_NAMES.retention), RETENTION_SCHEDULER_ID, { pattern: RETENTION_CRON, tz: 'Europe/Belgrade' }, 'retention');
  logger.info({ queue: connection.kind, mail: mailer.describe() }, 'workers started');
  return {
    async close(deadlineMs) {
      stopScheduling();
      stopRetention();
      // worker.close() waits for running jobs without limit; past the deadline, force it.
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timedOut = (await settleWithin(graceful, { ms: deadlineMs })).state === 'timed out';
      if (timedOut) {
        logger.warn('jobs still running at the shutdown deadline; closing anyway');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      mailer.close();
    },
  };
}
