import type { Pool } from '../db/pool.js';
import { beginAttempt, normaliseEmail } from './lockout.js';
import { verifyAgainstDecoy, verifyPassword } from './password.js';
import { findUserByEmail, type StoredUser } from './users.store.js';

export type PasswordCheck =
  | { status: 200; user: StoredUser; attemptId: number }
  | { status: 401; user: StoredUser | undefined }
  | { status: 423; retryAfterSeconds: number };

/**
 * One password check under the lockout: refused while locked; otherwise
 * counted first, then argon2 against the account (or a decoy, so an unknown
 * or disabled account takes as long). The attempt stays counted: the caller
 * clears the count (clearFailures) once everything it asks for has passed.
 */
export async function checkPassword(pool: Pool, now: Date, email: string, password: string, client: string): Promise<PasswordCheck> {
  const attempt = await beginAttempt(pool, email, client, now);
  if (!attempt.allowed) return { status: 423, retryAfterSeconds: attempt.retryAfterSeconds };
  const user = await findUserByEmail(pool, normaliseEmail(email));
  const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
  if (!ok || !user) return { status: 401, user };
  return { status: 200, user, attemptId: attempt.id };
}
