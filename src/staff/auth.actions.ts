import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/api-error.js';
import { validationFailed } from '../http/validation.js';
import { DEFAULT_LANGUAGE, languageFromAcceptLanguage } from '../i18n/language.js';
import { translate } from '../i18n/messages.js';
import { checkPassword } from './credentials.js';
import { newCsrfToken, requireStaff, currentUser } from './guards.js';
import { changeOwnPassword, ownPasswordSchema } from './own-password.js';
import { destroySession, regenerateSession, saveSession, SESSION_COOKIE, type SessionRules } from './session.js';
import { findUserById, type StoredUser } from './users.store.js';
import { clearFailures, forgetAttempt } from './lockout.js';
import { checkSecondFactor } from './second-factor.js';
import { secondFactorStatus } from './totp.actions.js';

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
 * The check behind every login (API and pages): the lockout and argon2
 * (checkPassword: the attempt is counted before the password is verified, so
 * parallel guesses cannot outrun the lock), then the second factor if the
 * account has one. A right password with a wrong code stays counted, so
 * knowing the password buys no more guesses at the code; with no code yet it
 * is taken back (nothing was guessed); failures are audited.
 */
export async function attemptLogin(
  pool: Pool, now: Date, email: string, password: string, client: string, code?: string,
): Promise<LoginOutcome> {
  const checked = await checkPassword(pool, now, email, password, client);
  if (checked.status === 423) return { ok: false, status: 423, retryAfterSeconds: checked.retryAfterSeconds };
  if (checked.status === 401) {
    const { user } = checked;
    await audit(pool, { actorId: user?.id ?? null, action: 'login.failed', targetType: 'staff_user', targetId: user ? String(user.id) : null });
    return { ok: false, status: 401, reason: 'invalid_credentials' };
  }
  const { user } = checked;
  const second = await checkSecondFactor(pool, now, user, code);
  if (second === 'missing') {
    await forgetAttempt(pool, checked.attemptId);
    return { ok: false, status: 401, reason: 'second_factor_required', user };
  }
  if (second === 'wrong') return { ok: false, status: 401, reason: 'invalid_credentials' };
  await clearFailures(pool, email);
  return { ok: true, status: 200, user };
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

export function authRoutes(deps: { pool: Pool; clock: () => Date; sessions: SessionRules }): Router {
  const { pool } = deps;
  const router = Router();

  router.post('/auth/login', express.json({ limit: '4kb' }), async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) throw new ApiError(401, 'invalid_credentials', 'invalid_credentials');
    const { email, password, code } = parsed.data;
    const outcome = await attemptLogin(pool, deps.clock(), email, password, req.ip ?? 'unknown', code);
    if (outcome.status === 423) throw new ApiError(423, 'account_locked', 'account_locked', { retryAfterSeconds: outcome.retryAfterSeconds });
    if (outcome.status === 401) throw new ApiError(401, outcome.reason, outcome.reason);
    await startStaffSession(pool, req, outcome.user.id, deps.clock());
    res.status(204).end();
  });

  router.post('/auth/logout', async (req, res) => {
    await endStaffSession(pool, req, res);
    res.status(204).end();
  });

  router.get('/me', requireStaff(pool, deps.sessions), async (req, res) => {
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

  router.post('/me/password', requireStaff(pool, deps.sessions), express.json({ limit: '4kb' }), async (req, res) => {
    const language = languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;
    const parsed = ownPasswordSchema.safeParse(req.body);
    if (!parsed.success) throw validationFailed(parsed.error, language);
    const change = await changeOwnPassword(pool, currentUser(res), parsed.data, req.ip ?? 'unknown', deps.clock());
    if (change.status === 'locked') throw new ApiError(423, 'account_locked', 'account_locked', { retryAfterSeconds: change.retryAfterSeconds });
    if (change.status === 'wrong') {
      throw new ApiError(422, 'validation_failed', 'validation_failed', {
        issues: [{ path: 'currentPassword', message: translate('current_password_wrong', language) }],
      });
    }
    await rotateStaffSession(req, change.generation);
    res.status(204).end();
  });

  return router;
}
