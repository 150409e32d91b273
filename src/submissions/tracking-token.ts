import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 192 random bits, URL-safe. Only its hash is stored. */
export function newTrackingToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

// Compared against when the reference is unknown, so both paths do the same work.
const DECOY = hashToken('decoy');

export function tokenMatches(token: string, storedHash: Buffer | undefined): boolean {
  const candidate = hashToken(token);
  const expected = storedHash?.length === candidate.length ? storedHash : DECOY;
  return timingSafeEqual(candidate, expected) && expected !== DECOY;
}
