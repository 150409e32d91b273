import connectPgSimple from 'connect-pg-simple';
import type { Request } from 'express';
import session from 'express-session';
import type { Pool } from '../db/pool.js';
import { findUserById, type StoredUser } from './users.store.js';

export const SESSION_COOKIE = 'pisarnica.sid';
export const IDLE_MINUTES = 30;
/** The absolute lifetime of a session, however busy: SESSION_MAX_HOURS. */
export const DEFAULT_SESSION_MAX_HOURS = 12;

declare module 'express-session' {
  interface SessionData {
    userId: number;
    csrfToken: string;
    /** When the user signed in (ms since the epoch, by the app's clock). */
    loginAt: number;
    /** The user's session generation at sign-in (staff_users.session_generation). */
    generation: number;
  }
}

/** What makes a session still good, besides its idle expiry (which the store keeps). */
export type SessionRules = { clock: () => Date; maxHours: number };

/**
 * Server-side sessions in PostgreSQL. The cookie is HttpOnly, SameSite=Strict,
 * Secure in production, and expires after IDLE_MINUTES without a request.
 * A session is written only once something is stored in it (sign-in), so
 * signed-out visitors leave no rows.
 */
export function sessionMiddleware(pool: Pool, options: { secret: string; secure: boolean }) {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'staff_sessions', createTableIfMissing: false, pruneSessionInterval: 600 });
  const middleware = session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: undefined,
    cookie: { httpOnly: true, sameSite: 'strict', secure: options.secure, maxAge: IDLE_MINUTES * 60_000, path: '/' },
  });
  return { middleware, close: () => store.close() };
}

export const regenerateSession = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));

export const saveSession = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

export const destroySession = (req: Request) =>
  new Promise<void>((resolve) => (req.session ? req.session.destroy(() => resolve()) : resolve()));

/**
 * The enabled staff member this request's session belongs to, read fresh. A
 * session of a disabled account, of an older generation (password reset or
 * changed, account disabled since) or older than `maxHours` is destroyed.
 */
export async function sessionUser(pool: Pool, req: Request, rules: SessionRules): Promise<StoredUser | undefined> {
  const data = req.session;
  if (data?.userId === undefined) return undefined;
  const user = await findUserById(pool, data.userId);
  const age = typeof data.loginAt === 'number' ? rules.clock().getTime() - data.loginAt : Number.POSITIVE_INFINITY;
  if (user && !user.disabled && data.generation === user.sessionGeneration && age < rules.maxHours * 3_600_000) return user;
  await destroySession(req);
  return undefined;
}
