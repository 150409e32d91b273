import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { allowed, type Action, type StaffUser } from './permissions.js';
import { sessionUser, type SessionRules } from './session.js';
import { secondFactorRequired } from './totp.js';
import { hasSecondFactor } from './totp.store.js';

export const newCsrfToken = () => randomBytes(24).toString('base64url');

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** Constant-time equality of two strings (compared as UTF-8 bytes, so lengths are of bytes too). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a token that a form shown before sign-in carries (the login form's signed double-submit cookie). */
export type PreSessionTokenCheck = (req: Request, token: string) => boolean;

/**
 * Cross-site request forgery: an unsafe request whose Origin is another site,
 * or that the browser marks cross-site, is refused; a form post (what another
 * site can make a browser send) must carry the session's token or, signed
 * out, the login form's. API clients that send no Origin, or our own, pass
 * with the cookie alone.
 */
export function csrfGuard(allowedOrigins: readonly string[], preSessionToken?: PreSessionTokenCheck): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    const refuse = () => next(new DomainError('csrf_failed'));
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
    if (origin !== undefined && origin !== ownOrigin && !allowedOrigins.includes(origin)) return refuse();
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse();
    const token = req.get('x-csrf-token') ?? (req.body as { _csrf?: unknown } | undefined)?._csrf;
    const expected = req.session?.csrfToken;
    const isForm = FORM_TYPES.some((type) => req.is(type));
    if (!isForm && token === undefined) return next();
    if (typeof token !== 'string') return refuse();
    if (expected !== undefined && sameSecret(token, expected)) return next();
    const signedOut = req.session?.userId === undefined;
    if (signedOut && preSessionToken?.(req, token)) return next();
    refuse();
  };
}

/** The signed-in, enabled staff member of a still valid session, read fresh each request, in res.locals.user; else 401. */
export function requireStaff(pool: Pool, rules: SessionRules): RequestHandler {
  return async (req, res, next) => {
    const user = await sessionUser(pool, req, rules);
    if (!user) {
      next(new DomainError('unauthenticated'));
      return;
    }
    const staff: StaffUser = {
      id: user.id, email: user.email, role: user.role, officeId: user.officeId, displayName: user.displayName,
    };
    res.locals.user = staff;
    next();
  };
}

/**
 * For roles that must have a second factor: until it is set up, the session
 * opens only enrolment, /me and logout; everything else is 403
 * `enrolment_required`. Mount after requireStaff.
 */
export function requireEnrolled(pool: Pool): RequestHandler {
  return async (_req, res, next) => {
    const user = res.locals.user as StaffUser | undefined;
    if (user && secondFactorRequired(user.role) && !(await hasSecondFactor(pool, user.id))) {
      next(new DomainError('enrolment_required'));
      return;
    }
    next();
  };
}

export function requireAction(action: Action): RequestHandler {
  return (_req, res, next) => {
    const user = res.locals.user as StaffUser | undefined;
    next(user && allowed(user, action) ? undefined : new DomainError('forbidden'));
  };
}

export const currentUser = (res: { locals: Record<string, unknown> }): StaffUser => res.locals.user as StaffUser;
