import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/api-error.js';
import { newCsrfToken, requireStaff, currentUser } from './guards.js';
import { clearFailures, lockedForSeconds, recordFailure } from './lockout.js';
import { verifyAgainstDecoy, verifyPassword } from './password.js';
import { checkSecondFactor } from './second-factor.js';
import { SESSION_COOKIE } from './session.js';
import { secondFactorStatus } from './totp.actions.js';
import { findUserByEmail, findUserById, type StoredUser } from './users.store.js';

export const loginSchema = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(256),
  code: z.string().max(64).optional().meta({ description: 'The authenticator app\'s six-digit code, or a recovery code; needed once the account has a second factor' }),
});

export type LoginOutcome =
  | { ok: true; status: 200; user: StoredUser }
  /** `user` is set when only the second factor is missing (the code page then asks for it). */
  | { ok: false; status: 401; reason: 'invalid_credentials' | 'second_factor_required'; user?: StoredUser }
  | { ok: false; status: 423; retryAfterSeconds: number };

/**
 * The check behind every login (API and pages): lockout first, then argon2
 * against the account (or a decoy, so an unknown account takes as long),
 * then the second factor if the account has one; failures (a wrong code
 * too) are counted and audited, success clears the count.
 */
export async function attemptLogin(
  pool: Pool, now: Date, email: string, password: string, client: string, code?: string,
): Promise<LoginOutcome> {
  const locked = await lockedForSeconds(pool, email, client, now);
  if (locked > 0) return { ok: false, status: 423, retryAfterSeconds: locked };

  const user = await findUserByEmail(pool, email);
  const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
  if (!ok || !user) {
    await recordFailure(pool, email, client, now);
    await audit(pool, { actorId: user?.id ?? null, action: 'login.failed', targetType: 'staff_user', targetId: user ? String(user.id) : null });
    return { ok: false, status: 401, reason: 'invalid_credentials' };
  }
  const second = await checkSecondFactor(pool, now, user, code, client);
  if (second === 'missing') return { ok: false, status: 401, reason: 'second_factor_required', user };
  if (second === 'wrong') return { ok: false, status: 401, reason: 'invalid_credentials' };
  await clearFailures(pool, email);
  return { ok: true, status: 200, user };
}

/** Signs the user in: a new session id (so an id planted before login is worth nothing), a CSRF token, audited. */
export async function startStaffSession(pool: Pool, req: Request, userId: number): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = userId;
  req.session.csrfToken = newCsrfToken();
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  await audit(pool, { actorId: userId, action: 'login', targetType: 'staff_user', targetId: String(userId) });
}

/** Ends the session (if any), audits the logout and clears the cookie. */
export async function endStaffSession(pool: Pool, req: Request, res: Response): Promise<void> {
  const userId = req.session?.userId;
  if (req.session) await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  if (userId !== undefined) await audit(pool, { actorId: userId, action: 'logout', targetType: 'staff_user', targetId: String(userId) });
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function authRoutes(deps: { pool: Pool; clock: () => Date }): Router {
  const { pool } = deps;
  const router = Router();

  router.post('/auth/login', express.json({ limit: '4kb' }), async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) throw new ApiError(401, 'invalid_credentials', 'invalid_credentials');
    const { email, password, code } = parsed.data;
    const outcome = await attemptLogin(pool, deps.clock(), email, password, req.ip ?? 'unknown', code);
    if (outcome.status === 423) throw new ApiError(423, 'account_locked', 'account_locked', { retryAfterSeconds: outcome.retryAfterSeconds });
    if (outcome.status === 401) throw new ApiError(401, outcome.reason, outcome.reason);
    await startStaffSession(pool, req, outcome.user.id);
    res.status(204).end();
  });

  router.post('/auth/logout', async (req, res) => {
    await endStaffSession(pool, req, res);
    res.status(204).end();
  });

  router.get('/me', requireStaff(pool), async (req, res) => {
    const user = currentUser(res);
    const stored = await findUserById(pool, user.id);
    res.set('Cache-Control', 'no-store').json({
      id: user.id,
      email: user.email,
      role: user.role,
      office: stored?.officeCode ?? null,
      displayName: user.displayName,
      csrfToken: req.session.csrfToken,
      ...(await secondFactorStatus(pool, user)),
    });
  });

  return router;
}
