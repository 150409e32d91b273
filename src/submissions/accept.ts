import type { Producers } from '../queue/producers.js';

/**
 * After the letter's row has committed: hand it to the route queue. A failure
 * here only delays routing; the reconciler queues letters still `received`.
 */
export async function queueForRouting(
  producers: Pick<Producers, 'enqueueRoute'> | undefined,
  submissionId: number,
): Promise<boolean> {
  return (await producers?.enqueueRoute(submissionId).catch(() => false)) === true;
}
