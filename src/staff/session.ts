import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from '../db/pool.js';

export const SESSION_COOKIE = 'pisarnica.sid';
export const IDLE_MINUTES = 30;

declare module 'express-session' {
  interface SessionData {
    userId: number;
    csrfToken: string;
  }
}

/**
 * Server-side sessions in PostgreSQL. The cookie is HttpOnly, SameSite=Strict,
 * Secure in production, and expires after IDLE_MINUTES without a request.
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
