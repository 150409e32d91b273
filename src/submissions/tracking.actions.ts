import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { isValidReference } from './reference.js';
import { findTrackedLetter, type TrackedLetter } from './submission.store.js';
import { tokenMatches } from './tracking-token.js';

export type Tracked = Omit<TrackedLetter, 'trackingTokenHash'>;

/**
 * A letter as its sender may follow it, by reference and tracking token; for the
 * API and the tracking page alike. An unknown reference and a wrong token are the
 * same `not_found`, after the same work.
 */
export async function trackLetter(pool: Pool, reference: string, token: string): Promise<Tracked> {
  const letter = isValidReference(reference) ? await findTrackedLetter(pool, reference) : undefined;
  if (!tokenMatches(token, letter?.trackingTokenHash) || !letter) throw new DomainError('not_found');
  return {
    reference: letter.reference,
    status: letter.status,
    receivedAt: letter.receivedAt,
    updatedAt: letter.updatedAt,
    office: letter.office,
  };
}
