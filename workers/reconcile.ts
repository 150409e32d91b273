import type { Job, Queue } from 'bullmq';
import type { Logger } from '../src/logger.js';
import type { JobData } from '../src/queue/jobs.js';
import { reconcile, type ReconcileDeps } from '../src/queue/reconcile.js';

export const RECONCILE_SCHEDULER_ID = 'reconcile-every-few-seconds';

export function reconcileProcessor(deps: ReconcileDeps & { logger: Logger }) {
  return async (_data: JobData<'reconcile'>, job: Job): Promise<void> => {
    const found = await reconcile(deps);
    if (found.letters || found.messages || found.inbound) deps.logger.info({ jobId: job.id, ...found }, 'reconciler re-queued work');
  };
}

/**
 * A scheduler entry lives in the queue, so losing Redis's contents loses it
 * too; every worker process puts it back on a timer (upsert is idempotent).
 */
export function keepScheduled(
  queue: Queue,
  schedulerId: string,
  repeat: { every: number } | { pattern: string; tz: string },
  jobName: string,
  checkEveryMs = 10_000,
): () => void {
  const upsert = () =>
    queue
      .upsertJobScheduler(schedulerId, repeat, { name: jobName, opts: { removeOnComplete: true, removeOnFail: true } })
      .catch(() => undefined);
  void upsert();
  const timer = setInterval(upsert, checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function keepReconcileScheduled(queue: Queue, everyMs: number): () => void {
  return keepScheduled(queue, RECONCILE_SCHEDULER_ID, { every: everyMs }, 'reconcile', Math.max(everyMs * 2, 5_000));
}
