import type { Request, Response } from 'express';
import { audit } from './audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import type { LoginInput, OwnPasswordInput } from './auth.schema.js';
import { checkPassword } from './credentials.js';
import { newCsrfToken } from './guards.js';
import { beginAttempt, clearFailures, forgetAttempt } from './lockout.js';
import { hashPassword } from './password.js';
import type { StaffUser } from './permissions.js';
import { checkSecondFactor } from './second-factor.js';
import { destroySession, regenerateSession, saveSession, SESSION_COOKIE } from './session.js';
import { endUserSessions, findUserById, updateUser, type StoredUser } from './users.store.js';

// The use cases of a staff session, shared by the API (auth.api.ts) and the pages (auth.pages.ts, totp.pages.ts).

declare module 'express-session' {
  interface SessionData {
    /** Whose password was right; the session is not signed in until the code follows. */
    pendingUserId: number;
    /** Epoch ms after which the code step no longer counts. */
    pendingUntil: number;
  }
}

const PENDING_MINUTES = 5;

/** A right password; `codeNeeded` when the account has a second factor and no code came with it. */
export type PasswordStep = { user: StoredUser; codeNeeded: boolean };

/**
 * The check behind every login (API and pages): the lockout and argon2
 * (checkPassword: the attempt is counted before the password is verified, so
 * parallel guesses cannot outrun the lock), then the second factor if the
 * account has one. A right password with a wrong code stays counted, so
 * knowing the password buys no more guesses at the code; with no code yet it
 * is taken back (nothing was guessed); failures are audited. Throws
 * account_locked or invalid_credentials.
 */
export async function passwordStep(pool: Pool, now: Date, login: LoginInput, client: string): Promise<PasswordStep> {
  const checked = await checkPassword(pool, now, login.email, login.password, client);
  if (checked.status === 423) throw new DomainError('account_locked', { retryAfterSeconds: checked.retryAfterSeconds });
  if (checked.status === 401) {
    const { user } = checked;
    await audit(pool, { actorId: user?.id ?? null, action: 'login.failed', targetType: 'staff_user', targetId: user ? String(user.id) : null });
    throw new DomainError('invalid_credentials');
  }
  const { user } = checked;
  const second = await checkSecondFactor(pool, now, user, login.code);
  if (second === 'missing') {
    await forgetAttempt(pool, checked.attemptId);
    return { user, codeNeeded: true };
  }
  if (second === 'wrong') throw new DomainError('invalid_credentials');
  await clearFailures(pool, login.email);
  return { user, codeNeeded: false };
}

/** The login in one step (the API): as passwordStep, and second_factor_required when the code is missing. */
export async function attemptLogin(pool: Pool, now: Date, login: LoginInput, client: string): Promise<StoredUser> {
  const step = await passwordStep(pool, now, login, client);
  if (step.codeNeeded) throw new DomainError('second_factor_required');
  return step.user;
}

/**
 * The code page's check, for a user whose password was accepted a moment ago
 * (the session holds who): counted before it is checked, under the lockout's
 * locks as a password is (so parallel guesses cannot outrun it); success
 * clears the account's failures. Throws account_locked, invalid_code or
 * invalid_credentials (the account is gone or disabled since).
 */
export async function attemptCodeStep(pool: Pool, now: Date, userId: number, code: string, client: string): Promise<StoredUser> {
  const user = await findUserById(pool, userId);
  if (!user || user.disabled) throw new DomainError('invalid_credentials');
  const attempt = await beginAttempt(pool, user.email, client, now);
  if (!attempt.allowed) throw new DomainError('account_locked', { retryAfterSeconds: attempt.retryAfterSeconds });
  const check = await checkSecondFactor(pool, now, user, code);
  if (check === 'missing') throw new DomainError('second_factor_required');
  if (check === 'wrong') throw new DomainError('invalid_code', { field: 'code' });
  await clearFailures(pool, user.email);
  return user;
}

/** The password was right and the account has a second factor: the session remembers who, for the code page only. */
export async function awaitSecondFactor(req: Request, userId: number, now: Date): Promise<void> {
  req.session.pendingUserId = userId;
  req.session.pendingUntil = now.getTime() + PENDING_MINUTES * 60_000;
  await saveSession(req);
}

/** Whose code the code page waits for, if the password came recently enough. */
export function pendingLogin(req: Request, now: Date): number | undefined {
  const { pendingUserId, pendingUntil } = req.session ?? {};
  return pendingUserId !== undefined && pendingUntil !== undefined && pendingUntil > now.getTime() ? pendingUserId : undefined;
}

/**
 * Signs the user in: a new session id (so an id planted before login is worth
 * nothing), the sign-in time (for the absolute lifetime), the user's session
 * generation, a CSRF token; audited.
 */
export async function startStaffSession(pool: Pool, req: Request, userId: number, now: Date): Promise<void> {
  const user = await findUserById(pool, userId);
  await regenerateSession(req);
  req.session.userId = userId;
  req.session.loginAt = now.getTime();
  req.session.generation = user?.sessionGeneration ?? 0;
  req.session.csrfToken = newCsrfToken();
  await saveSession(req);
  await audit(pool, { actorId: userId, action: 'login', targetType: 'staff_user', targetId: String(userId) });
}

/** A new id for the signed-in session, keeping what it holds (sign-in time included), in the given generation, with a new CSRF token. */
export async function rotateStaffSession(req: Request, generation: number): Promise<void> {
  const kept = Object.fromEntries(Object.entries(req.session).filter(([key]) => key !== 'cookie'));
  await regenerateSession(req);
  Object.assign(req.session, kept, { generation, csrfToken: newCsrfToken() });
  await saveSession(req);
}

/** Ends the session (if any), audits the logout and clears the cookie. */
export async function endStaffSession(pool: Pool, req: Request, res: Response): Promise<void> {
  const userId = req.session?.userId;
  await destroySession(req);
  if (userId !== undefined) await audit(pool, { actorId: userId, action: 'logout', targetType: 'staff_user', targetId: String(userId) });
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * A staff member changes their own password: the current one is checked as a
 * login is (so guesses count towards the lockout), then the new hash is
 * stored and every session of theirs ends; the answer is the new session
 * generation, for the caller to rotate its own session into. Throws
 * account_locked or current_password_wrong (both on currentPassword).
 */
export async function changeOwnPassword(pool: Pool, user: StaffUser, input: OwnPasswordInput, client: string, now: Date): Promise<number> {
  const checked = await checkPassword(pool, now, user.email, input.currentPassword, client);
  if (checked.status === 423) throw new DomainError('account_locked', { retryAfterSeconds: checked.retryAfterSeconds, field: 'currentPassword' });
  const target = { actorId: user.id, targetType: 'staff_user', targetId: String(user.id) };
  if (checked.status === 401 || checked.user.id !== user.id) {
    await audit(pool, { ...target, action: 'password.change_failed' });
    throw new DomainError('current_password_wrong', { field: 'currentPassword' });
  }
  await clearFailures(pool, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(pool, async (db) => {
    await updateUser(db, user.id, { passwordHash });
    await audit(db, { ...target, action: 'password.changed' });
    return endUserSessions(db, user.id);
  });
}
