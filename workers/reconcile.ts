import type { Job, Queue } from 'bullmq';
import type { Logger } from '../src/logger.js';
import { reconcile, type ReconcileDeps } from '../src/queue/reconcile.js';

export const RECONCILE_SCHEDULER_ID = 'reconcile-every-few-seconds';

export function reconcileProcessor(deps: ReconcileDeps & { logger: Logger }) {
  return async (job: Job): Promise<void> => {
    const found = await reconcile(deps);
    if (found.letters || found.messages) deps.logger.info({ jobId: job.id, ...found }, 'reconciler re-queued work');
  };
}

/**
 * The scheduler entry lives in the queue, so losing Redis's contents loses it
 * too; every worker process puts it back on a timer (upsert is idempotent).
 */
export function keepReconcileScheduled(queue: Queue, everyMs: number): () => void {
  const upsert = () =>
    queue
      .upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: everyMs }, {
        name: 'reconcile',
        opts: { removeOnComplete: true, removeOnFail: true },
      })
      .catch(() => undefined);
  void upsert();
  const timer = setInterval(upsert, Math.max(everyMs * 2, 5_000));
  timer.unref();
  return () => clearInterval(timer);
}
