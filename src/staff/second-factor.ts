import { audit } from './audit.store.js';
import type { Pool } from '../db/pool.js';
import { asTotpCode, hashRecoveryCode, normaliseRecoveryCode, verifyTotp } from './totp.js';
import { findSecondFactor, hasSecondFactor, useRecoveryCode, useTimeStep } from './totp.store.js';
import type { StoredUser } from './users.store.js';

/**
 * Checks a TOTP code (or, failing the six-digit shape, a recovery code) of an
 * enrolled user and spends it: the time step is recorded, the recovery code
 * marked used. Undefined when it is wrong, replayed or already spent.
 */
export async function spendSecondFactor(pool: Pool, userId: number, input: string, now: Date): Promise<'totp' | 'recovery' | undefined> {
  const factor = await findSecondFactor(pool, userId);
  if (!factor?.secret) return undefined;
  const totp = asTotpCode(input);
  if (totp !== undefined) {
    const step = verifyTotp(factor.secret, totp, now, factor.lastStep);
    // The conditional update settles a race between two requests with the same code: one wins.
    return step !== undefined && (await useTimeStep(pool, userId, step)) ? 'totp' : undefined;
  }
  const recovery = normaliseRecoveryCode(input);
  return recovery !== undefined && (await useRecoveryCode(pool, userId, hashRecoveryCode(recovery), now)) ? 'recovery' : undefined;
}

export type SecondFactorCheck = 'none' | 'missing' | 'ok' | 'wrong';

/**
 * The login's second step for a user whose password was right: `none` when
 * the account has no second factor, `missing` when no code was given, `wrong`
 * (audited) or `ok`. The caller has counted the attempt (beginAttempt) and
 * clears the count only on `none` or `ok`.
 */
export async function checkSecondFactor(pool: Pool, now: Date, user: StoredUser, code: string | undefined): Promise<SecondFactorCheck> {
  if (!(await hasSecondFactor(pool, user.id))) return 'none';
  if (code === undefined || code.trim() === '') return 'missing';
  const used = await spendSecondFactor(pool, user.id, code, now);
  const target = { targetType: 'staff_user', targetId: String(user.id) } as const;
  if (used === undefined) {
    await audit(pool, { actorId: user.id, action: 'login.second_factor_failed', ...target });
    return 'wrong';
  }
  if (used === 'recovery') {
    const left = (await findSecondFactor(pool, user.id))?.recoveryCodesLeft ?? 0;
    await audit(pool, { actorId: user.id, action: 'login.recovery_code_used', ...target, details: { left } });
  }
  return 'ok';
}
