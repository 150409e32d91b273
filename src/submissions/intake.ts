import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import {
  idempotencyKeyHash,
  requestHash,
  seal,
  unseal,
} from './idempotency.js';
import type { NewLetter } from './submission.schema.js';
import {
  findIdempotencyRecord,
  insertLetter,
  lockIdempotencyKey,
  saveIdempotencyRecord,
} from './submission.store.js';
import { newTrackingToken } from './tracking-token.js';

export type Receipt = { reference: string; status: 'received'; receivedAt: string; trackingToken: string };

export type IntakeResult =
  | { kind: 'created'; submissionId: number; receipt: Receipt }
  | { kind: 'replayed'; receipt: Receipt }
  | { kind: 'conflict' };

/**
 * Stores a letter and answers with its receipt once the row has committed
 * (without an Idempotency-Key the INSERT commits on its own: the fewest round
 * trips). With an Idempotency-Key, requests carrying it are serialised: the first
 * stores the letter, later ones with the same body get the first receipt
 * back and ones with another body a conflict.
 */
export async function recordLetter(
  pool: Pool,
  letter: NewLetter,
  receivedAt: Date,
  idempotency?: { key: string; body: unknown },
): Promise<IntakeResult> {
  if (!idempotency) return { kind: 'created', ...(await store(pool, letter, receivedAt)) };
  const keyHash = idempotencyKeyHash(idempotency.key);
  const bodyHash = requestHash(idempotency.body);
  return inTransaction(pool, async (client) => {
    await lockIdempotencyKey(client, keyHash);
    const previous = await findIdempotencyRecord(client, keyHash);
    if (previous) {
      return previous.requestHash.equals(bodyHash)
        ? { kind: 'replayed', receipt: unseal(previous.responseSealed, idempotency.key) as Receipt }
        : { kind: 'conflict' };
    }
    const created = await store(client, letter, receivedAt);
    await saveIdempotencyRecord(
      client,
      keyHash,
      { requestHash: bodyHash, responseSealed: seal(created.receipt, idempotency.key) },
      created.submissionId,
    );
    return { kind: 'created', ...created };
  });
}

async function store(db: Pool | PoolClient, letter: NewLetter, receivedAt: Date) {
  const trackingToken = newTrackingToken();
  const stored = await insertLetter(db, letter, receivedAt, trackingToken);
  const receipt: Receipt = {
    reference: stored.reference,
    status: 'received',
    receivedAt: stored.receivedAt.toISOString(),
    trackingToken,
  };
  return { submissionId: stored.id, receipt };
}
