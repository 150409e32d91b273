import { audit } from '../staff/audit.store.js';
import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { DEFAULT_LANGUAGE } from '../i18n/language.js';
import type { Logger } from '../logger.js';
import type { Producers } from '../queue/producers.js';
import { allowed, type StaffUser } from '../staff/permissions.js';
import { acceptLetter } from '../submissions/accept.js';
import { storedFields } from '../submissions/submission.schema.js';
import type { PostalLetter } from './postal.schema.js';

export const belgradeToday = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** Counts letters as they are accepted (the metrics registry is one). */
export type LetterCounter = { letterReceived(channel: 'web' | 'postal', category: string): void };

export type PostalDeps = {
  pool: Pool;
  /** Absent: letters are stored and left for the reconciler to queue. */
  producers: Pick<Producers, 'enqueueRoute'> | undefined;
  logger: Logger;
  /** Absent: the letter is not counted. */
  metrics?: LetterCounter | undefined;
};

export type PostalReceipt = { reference: string; status: 'received'; receivedAt: string };

/**
 * Stores a validated postal letter, audits its entry and queues it for
 * routing (if queueing fails, the reconciler picks it up). The date on the
 * envelope may not be after today in Belgrade.
 */
export async function enterPostalLetter(deps: PostalDeps, user: StaffUser, input: PostalLetter, now: Date): Promise<PostalReceipt> {
  if (!allowed(user, 'postal.create')) throw new DomainError('forbidden');
  if (input.receivedAt > belgradeToday(now)) throw new DomainError('received_at_invalid', { field: 'receivedAt' });
  const result = await acceptLetter(
    deps,
    {
      ...storedFields(input, 'postal', DEFAULT_LANGUAGE),
      isSpam: false,
      postal: { receivedOn: input.receivedAt, letterNumber: input.letterNumber ?? null, enteredBy: user.id },
    },
    now,
    { via: 'postal' },
  );
  if (result.kind !== 'created') throw new Error('postal entry cannot be a replay');
  await audit(deps.pool, { actorId: user.id, action: 'postal.entered', targetType: 'submission', targetId: result.receipt.reference });
  return { reference: result.receipt.reference, status: 'received', receivedAt: result.receipt.receivedAt };
}
