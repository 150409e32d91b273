import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { Producers } from '../queue/producers.js';
import { recordLetter, type IntakeResult } from './intake.js';
import type { NewLetter } from './submission.schema.js';

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

/** What intake records: one letter stored (Metrics of src/ops/ is one). */
export type IntakeMetrics = { letterReceived(channel: NewLetter['channel'], category: string): void };

export type AcceptDeps = {
  pool: Pool;
  /** Absent: letters are stored and left for the reconciler to queue. */
  producers: Pick<Producers, 'enqueueRoute'> | undefined;
  logger: Logger;
  /** Absent: the letter is not counted. */
  metrics?: IntakeMetrics | undefined;
};

export type Acceptance = {
  /** Where the letter came in: the API, the citizen form, a clerk's postal entry, or the published mailbox. */
  via: 'api' | 'form' | 'postal' | 'email';
  idempotency?: { key: string; body: unknown } | undefined;
  reqId?: unknown;
};

/**
 * Accepting a letter, the same for every way in: stored (the row commits
 * first), counted, queued for routing, logged (reference only). A replay of
 * an Idempotency-Key is neither counted nor queued again.
 */
export async function acceptLetter(deps: AcceptDeps, letter: NewLetter, now: Date, how: Acceptance): Promise<IntakeResult> {
  const result = await recordLetter(deps.pool, letter, now, how.idempotency);
  if (result.kind !== 'created') return result;
  deps.metrics?.letterReceived(letter.channel, letter.category);
  const queued = await queueForRouting(deps.producers, result.submissionId);
  deps.logger.info({ reqId: how.reqId, reference: result.receipt.reference, queued, via: how.via }, 'letter received');
  return result;
}
