import { audit } from './audit.store.js';
import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { beginAttempt, clearFailures } from './lockout.js';
import { verifyPassword } from './password.js';
import type { StaffUser } from './permissions.js';
import { spendSecondFactor } from './second-factor.js';
import {
  asTotpCode, hashRecoveryCode, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, otpauthUri, secondFactorRequired, verifyTotp,
} from './totp.js';
import {
  confirmEnrolment, findSecondFactor, hasSecondFactor, removeSecondFactor, replaceRecoveryCodes, startEnrolment,
} from './totp.store.js';
import { findUserById } from './users.store.js';

// The use cases of the second factor, shared by the API (totp.api.ts) and the pages (totp.pages.ts).

const conflict = () => new DomainError('conflict');
const wrongCode = () => new DomainError('invalid_code', { field: 'code' });
const audited = (user: StaffUser, action: string, details?: Record<string, unknown>) =>
  ({ actorId: user.id, action, targetType: 'staff_user', targetId: String(user.id), ...(details ? { details } : {}) });

export type SecondFactorStatus = {
  secondFactor: { enabled: boolean; required: boolean; recoveryCodesLeft: number };
  /** True while the role needs a second factor that is not set up: only enrolment is open. */
  enrolmentRequired: boolean;
};

export async function secondFactorStatus(pool: Pool, user: StaffUser): Promise<SecondFactorStatus> {
  const factor = await findSecondFactor(pool, user.id);
  const enabled = Boolean(factor?.secret);
  const required = secondFactorRequired(user.role);
  return { secondFactor: { enabled, required, recoveryCodesLeft: factor?.recoveryCodesLeft ?? 0 }, enrolmentRequired: required && !enabled };
}

export type Enrolment = { secret: string; otpauthUri: string };

/** A new secret to put in the authenticator app; it counts only once a code from it is confirmed. */
export async function beginEnrolment(pool: Pool, user: StaffUser, now: Date, options: { reusePending?: boolean } = {}): Promise<Enrolment> {
  const factor = await findSecondFactor(pool, user.id);
  if (!factor || factor.secret) throw conflict();
  // The page shows the same secret again on a reload, so a half-scanned code still works.
  if (options.reusePending && factor.pendingSecret) return { secret: factor.pendingSecret, otpauthUri: otpauthUri(user.email, factor.pendingSecret) };
  const secret = newTotpSecret();
  await startEnrolment(pool, user.id, secret, now);
  await audit(pool, audited(user, 'second_factor.enrolment_started'));
  return { secret, otpauthUri: otpauthUri(user.email, secret) };
}

const hashed = (codes: readonly string[]) => codes.map((c) => hashRecoveryCode(normaliseRecoveryCode(c) ?? c));

/**
 * A code from the pending secret turns the second factor on; the answer is
 * the recovery codes, shown this once (only their hashes are kept). Throws
 * invalid_code, or conflict when nothing is pending.
 */
export async function finishEnrolment(pool: Pool, user: StaffUser, code: string, now: Date): Promise<string[]> {
  const factor = await findSecondFactor(pool, user.id);
  if (!factor || factor.secret || !factor.pendingSecret) throw conflict();
  const totp = asTotpCode(code);
  const step = totp === undefined ? undefined : verifyTotp(factor.pendingSecret, totp, now, null);
  if (step === undefined) throw wrongCode();
  const codes = newRecoveryCodes();
  if (!(await confirmEnrolment(pool, user.id, factor.pendingSecret, step, hashed(codes), now))) throw conflict();
  await audit(pool, audited(user, 'second_factor.enabled'));
  return codes;
}

/**
 * A proof asked of a signed-in member (a code, the password) can be guessed
 * no faster than at the login: counted before it is checked (beginAttempt),
 * refused (account_locked) while the account is locked; a right one takes the count back.
 */
async function checkProof(pool: Pool, user: StaffUser, now: Date, client: string, refused: string, check: () => Promise<boolean>): Promise<boolean> {
  const attempt = await beginAttempt(pool, user.email, client, now);
  if (!attempt.allowed) throw new DomainError('account_locked', { retryAfterSeconds: attempt.retryAfterSeconds });
  if (await check()) {
    await clearFailures(pool, user.email);
    return true;
  }
  await audit(pool, audited(user, refused));
  return false;
}

/** A fresh set of recovery codes (the old ones stop working), against a current code; throws invalid_code, conflict (no second factor). */
export async function renewRecoveryCodes(pool: Pool, user: StaffUser, code: string, now: Date, client: string): Promise<string[]> {
  if (!(await hasSecondFactor(pool, user.id))) throw conflict();
  const ok = await checkProof(pool, user, now, client, 'second_factor.renewal_refused',
    async () => (await spendSecondFactor(pool, user.id, code, now)) !== undefined);
  if (!ok) throw wrongCode();
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(pool, user.id, hashed(codes));
  await audit(pool, audited(user, 'second_factor.recovery_codes_renewed'));
  return codes;
}

export type Proof = { password?: string | undefined; code?: string | undefined };

/**
 * Turning one's own second factor off, for roles that may go without it:
 * the current password or a code proves it is the owner, not someone at an
 * unattended screen. Throws second_factor_mandatory, wrong_proof (on the
 * field given), conflict (no second factor).
 */
export async function disableOwnSecondFactor(pool: Pool, user: StaffUser, proof: Proof, now: Date, client: string): Promise<void> {
  if (secondFactorRequired(user.role)) throw new DomainError('second_factor_mandatory');
  if (!(await hasSecondFactor(pool, user.id))) throw conflict();
  const proven = await checkProof(pool, user, now, client, 'second_factor.disable_refused', async () => {
    if (proof.password !== undefined) {
      const stored = await findUserById(pool, user.id);
      return stored !== undefined && (await verifyPassword(stored.passwordHash, proof.password));
    }
    return proof.code !== undefined && (await spendSecondFactor(pool, user.id, proof.code, now)) !== undefined;
  });
  if (!proven) throw new DomainError('wrong_proof', { field: proof.password !== undefined ? 'password' : 'code' });
  await removeSecondFactor(pool, user.id);
  await audit(pool, audited(user, 'second_factor.disabled'));
}

/** An admin's reset (a lost phone): the account has no second factor; if its role needs one, its next login enrols again. */
export async function resetSecondFactor(pool: Pool, admin: StaffUser, userId: number): Promise<void> {
  const target = Number.isSafeInteger(userId) ? await findUserById(pool, userId) : undefined;
  if (!target) throw new DomainError('not_found');
  const had = await hasSecondFactor(pool, userId);
  await removeSecondFactor(pool, userId);
  await audit(pool, {
    actorId: admin.id, action: 'user.second_factor_reset', targetType: 'staff_user', targetId: String(userId), details: { hadSecondFactor: had },
  });
}
