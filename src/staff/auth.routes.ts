import express, { Router } from 'express';
import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/api-error.js';
import { newCsrfToken, requireStaff, currentUser } from './guards.js';
import { clearFailures, lockedForSeconds, recordFailure } from './lockout.js';
import { verifyAgainstDecoy, verifyPassword } from './password.js';
import { SESSION_COOKIE } from './session.js';
import { findUserByEmail, findUserById } from './users.store.js';

const loginSchema = z.strictObject({ email: z.string().max(254), password: z.string().max(256) });

export function authRoutes(deps: { pool: Pool; clock: () => Date }): Router {
  const { pool } = deps;
  const router = Router();

  router.post('/auth/login', express.json({ limit: '4kb' }), async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) throw new ApiError(401, 'invalid_credentials', 'invalid_credentials');
    const { email, password } = parsed.data;
    const client = req.ip ?? 'unknown';
    const now = deps.clock();
    const locked = await lockedForSeconds(pool, email, client, now);
    if (locked > 0) throw new ApiError(423, 'account_locked', 'account_locked', { retryAfterSeconds: locked });

    const user = await findUserByEmail(pool, email);
    const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
    if (!ok || !user) {
      await recordFailure(pool, email, client, now);
      await audit(pool, { actorId: user?.id ?? null, action: 'login.failed', targetType: 'staff_user', targetId: user ? String(user.id) : null });
      throw new ApiError(401, 'invalid_credentials', 'invalid_credentials');
    }
    await clearFailures(pool, email);
    // A new session id at login, so an id planted before it is worth nothing.
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = user.id;
    req.session.csrfToken = newCsrfToken();
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    await audit(pool, { actorId: user.id, action: 'login', targetType: 'staff_user', targetId: String(user.id) });
    res.status(204).end();
  });

  router.post('/auth/logout', async (req, res) => {
    const userId = req.session?.userId;
    if (req.session) await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    if (userId !== undefined) await audit(pool, { actorId: userId, action: 'logout', targetType: 'staff_user', targetId: String(userId) });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
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
    });
  });

  return router;
}
