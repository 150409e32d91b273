import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { DomainError, isDomainError } from '../errors.js';
import { statusOf } from '../http/domain-errors.js';
import { newCsrfToken } from '../staff/guards.js';
import { allowed, type Action, type StaffUser } from '../staff/permissions.js';
import { sessionUser, type SessionRules } from '../staff/session.js';
import { pageIssueOf } from './error-texts.js';
import { errorPage, type ErrorKind } from './staff-error.page.js';
import type { Viewer } from './staff-frame.page.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from './staff.texts.js';

// What every staff page handler shares: reading a form, answering with a page,
// and the gate in front of a page (session, role).

/**
 * Form bodies of the staff pages, parsed before the CSRF guard (which reads
 * `_csrf` from the body). Mount: `app.use('/staff', sessions, staffFormBody, csrfGuard(...))`.
 */
export const staffFormBody: RequestHandler = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

export const send = (res: Response, status: number, body: string) =>
  res.status(status).set('Content-Type', 'text/html; charset=utf-8').set('Cache-Control', 'no-store').send(body);

export const text = (value: unknown) => (typeof value === 'string' ? value : '');
export const formOf = (req: Request) => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
/** Checkbox lists and repeated fields: always an array of strings. */
export const many = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
export const commaList = (value: unknown): string[] | null => {
  const items = text(value).split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : null;
};
/** The notice for `?done=…` after a post/redirect/get. */
export const doneText = (value: unknown) => (Object.hasOwn(T.done, text(value)) ? T.done[text(value)] : undefined);

/** The viewer a page's gate let through. */
export const viewerIn = (res: Response) => res.locals.viewer as Viewer;

const KIND_OF: Partial<Record<DomainError['code'], ErrorKind>> = { unauthenticated: 401, forbidden: 403, enrolment_required: 403, not_found: 404, csrf_failed: 'csrf' };
const STATUS_OF: Partial<Record<DomainError['code'], number>> = { unauthenticated: 401, forbidden: 403, enrolment_required: 403, not_found: 404, csrf_failed: 403 };

/**
 * Refusals before or inside the staff pages as HTML pages rather than the
 * API's JSON: mount after the page routers on `/staff`.
 */
export const staffPageErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof DomainError && STATUS_OF[error.code]) {
    send(res, STATUS_OF[error.code] as number, errorPage(KIND_OF[error.code] ?? 'other'));
    return;
  }
  const parserError = error as { type?: unknown; status?: unknown };
  if (parserError && typeof parserError === 'object' && typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    const kind = parserError.type === 'entity.too.large' ? 413 : 400;
    send(res, kind, errorPage(kind));
    return;
  }
  next(error);
};

export type Gate = (action: Action | 'signed-in', mode: 'page' | 'post') => RequestHandler;

/** The viewer of a request and the gate in front of pages. */
export function staffGate(pool: Pool, sessions: SessionRules) {
  /** The signed-in, enabled staff member of a still valid session, read fresh on every request (a disabled account stops at once). */
  async function viewerOf(req: Request): Promise<Viewer | undefined> {
    const stored = await sessionUser(pool, req, sessions);
    if (!stored) return undefined;
    const user: StaffUser = {
      id: stored.id, email: stored.email, role: stored.role, officeId: stored.officeId, displayName: stored.displayName,
    };
    req.session.csrfToken ??= newCsrfToken();
    return { user, csrf: req.session.csrfToken };
  }

  /**
   * Pages need a session: a signed-out reader of a page is sent to the login
   * page, a signed-out post gets 401; a role without the action gets 403.
   */
  const gate: Gate = (action, mode) => async (req, res, next) => {
    const viewer = await viewerOf(req);
    if (!viewer) {
      if (mode === 'page') res.redirect(303, '/staff');
      else send(res, 401, errorPage(401));
      return;
    }
    if (action !== 'signed-in' && !allowed(viewer.user, action)) {
      send(res, 403, errorPage(403, viewer));
      return;
    }
    res.locals.user = viewer.user;
    res.locals.viewer = viewer;
    next();
  };
  return { viewerOf, gate };
}

/**
 * A refusal a form shows on one of its fields (a taken code, an unknown
 * office, …), with the status the API gives it; anything else goes on up.
 */
export function formRefusal(error: unknown): { status: number; issues: { path: string; message: string }[] } {
  if (!isDomainError(error) || error.details.field === undefined) throw error;
  return { status: statusOf(error.code), issues: [pageIssueOf(error, STAFF_LANGUAGE)] };
}
