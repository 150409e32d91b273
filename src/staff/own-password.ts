import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { checkPassword } from './credentials.js';
import { clearFailures } from './lockout.js';
import { hashPassword } from './password.js';
import { newPasswordSchema } from './password-policy.js';
import type { StaffUser } from './permissions.js';
import { endUserSessions, updateUser } from './users.store.js';

export const ownPasswordSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: newPasswordSchema })
  .refine((b) => b.currentPassword !== b.newPassword, { path: ['newPassword'], message: 'password_unchanged' });

export type PasswordChange =
  | { status: 'changed'; generation: number }
  | { status: 'wrong' }
  | { status: 'locked'; retryAfterSeconds: number };

/**
 * A staff member changes their own password: the current one is checked as a
 * login is (so guesses count towards the lockout), then the new hash is
 * stored and every session of theirs ends; the caller rotates its own.
 */
export async function changeOwnPassword(
  pool: Pool,
  user: StaffUser,
  input: z.output<typeof ownPasswordSchema>,
  client: string,
  now: Date,
): Promise<PasswordChange> {
  const checked = await checkPassword(pool, now, user.email, input.currentPassword, client);
  if (checked.status === 423) return { status: 'locked', retryAfterSeconds: checked.retryAfterSeconds };
  const target = { actorId: user.id, targetType: 'staff_user', targetId: String(user.id) };
  if (checked.status === 401 || checked.user.id !== user.id) {
    await audit(pool, { ...target, action: 'password.change_failed' });
    return { status: 'wrong' };
  }
  await clearFailures(pool, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  const generation = await inTransaction(pool, async (db) => {
    await updateUser(db, user.id, { passwordHash });
    await audit(db, { ...target, action: 'password.changed' });
    return endUserSessions(db, user.id);
  });
  return { status: 'changed', generation };
}
