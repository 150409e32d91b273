import type { Pool } from '../db/pool.js';
import type { Producers } from '../queue/producers.js';
import { markQueued } from './submission.store.js';

/**
 * After the letter's row has committed: hand it to the route queue and note
 * that it was. A failure here only delays routing; the reconciler re-enqueues.
 */
export async function queueForRouting(
  pool: Pool,
  producers: Pick<Producers, 'enqueueRoute'> | undefined,
  submissionId: number,
): Promise<boolean> {
  const queued = (await producers?.enqueueRoute(submissionId).catch(() => false)) === true;
  if (queued) await markQueued(pool, submissionId).catch(() => undefined);
  return queued;
}
