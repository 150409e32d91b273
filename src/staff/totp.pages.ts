import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/api-error.js';
import { startStaffSession } from '../staff/auth.routes.js';
import { saveSession } from '../staff/session.js';
import { attemptCodeStep } from '../staff/second-factor.js';
import { secondFactorRequired } from '../staff/totp.js';
import {
  beginEnrolment, disableOwnSecondFactor, finishEnrolment, renewRecoveryCodes, resetSecondFactor, secondFactorStatus,
} from '../staff/totp.actions.js';
import { hasSecondFactor } from '../staff/totp.store.js';
import { allowed } from '../staff/permissions.js';
import { newCsrfToken } from '../staff/guards.js';
import { errorPage } from './staff-error.page.js';
import type { Viewer } from './staff-frame.page.js';
import { codePage, enrolPage, recoveryCodesPage, secondFactorPage, type SettingsErrors } from './staff-totp.page.js';
import { TOTP_TEXT as T } from './staff-totp.texts.js';
import { STAFF_TEXT } from './staff.texts.js';

declare module 'express-session' {
  interface SessionData {
    /** Whose password was right; the session is not signed in until the code follows. */
    pendingUserId: number;
    /** Epoch ms after which the code step no longer counts. */
    pendingUntil: number;
  }
}

export const CODE_PAGE = '/staff/login/code';
const SETTINGS_PAGE = '/staff/second-factor';
const ENROL_PAGE = '/staff/second-factor/enrol';
const PENDING_MINUTES = 5;

const send = (res: Response, status: number, body: string) =>
  res.status(status).set('Content-Type', 'text/html; charset=utf-8').set('Cache-Control', 'no-store').send(body);
const text = (req: Request, name: string) => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** The password was right and the account has a second factor: the session remembers who, for the code page only. */
export async function awaitSecondFactor(req: Request, userId: number, now: Date): Promise<void> {
  req.session.pendingUserId = userId;
  req.session.pendingUntil = now.getTime() + PENDING_MINUTES * 60_000;
  await saveSession(req);
}

export type TotpPagesDeps = {
  pool: Pool;
  clock: () => Date;
  /** The signed-in staff member (staff.routes.ts's viewerOf). */
  viewerOf: (req: Request) => Promise<Viewer | undefined>;
};

/**
 * The second factor's pages, mounted inside the staff pages' router (before
 * their routes): the login's code step, enrolment, one's own settings, the
 * admin's reset; and the gate that keeps an admin or supervisor without a
 * second factor on the enrolment pages.
 */
export function staffTotpPageRoutes(deps: TotpPagesDeps): Router {
  const router = Router();
  router.use('/staff', enrolmentGate(deps));
  mountCodeStep(router, deps);

  /** Pages for any signed-in member; the signed-out reader goes to the login page. */
  const signedIn: RequestHandler = async (req, res, next) => {
    const viewer = await deps.viewerOf(req);
    if (!viewer) {
      if (req.method === 'GET') res.redirect(303, '/staff');
      else send(res, 401, errorPage(401));
      return;
    }
    res.locals.viewer = viewer;
    next();
  };
  mountEnrolment(router, deps, signedIn);
  mountSettings(router, deps, signedIn);

  router.post('/staff/admin/users/:id/second-factor/reset', signedIn, async (req, res) => {
    const viewer = viewerIn(res);
    if (!allowed(viewer.user, 'admin.manage')) return send(res, 403, errorPage(403, viewer));
    try {
      await resetSecondFactor(deps.pool, viewer.user, Number(req.params.id));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return send(res, 404, errorPage(404, viewer));
      throw error;
    }
    res.redirect(303, '/staff/admin/users?done=second-factor-reset');
  });
  return router;
}

const viewerIn = (res: Response) => res.locals.viewer as Viewer;

/** GET and POST /staff/second-factor/enrol: the secret (the same one on a reload), then the recovery codes. */
function mountEnrolment(router: Router, deps: TotpPagesDeps, signedIn: RequestHandler): void {
  const { pool } = deps;
  const enrolView = async (res: Response, status: number, error?: string) => {
    const viewer = viewerIn(res);
    const enrolment = await beginEnrolment(pool, viewer.user, deps.clock(), { reusePending: true });
    send(res, status, enrolPage({ viewer, ...enrolment, required: secondFactorRequired(viewer.user.role), error }));
  };

  router.get(ENROL_PAGE, signedIn, async (_req, res) => {
    if (await hasSecondFactor(pool, viewerIn(res).user.id)) res.redirect(303, SETTINGS_PAGE);
    else await enrolView(res, 200);
  });

  router.post(ENROL_PAGE, signedIn, async (req, res) => {
    const viewer = viewerIn(res);
    if (await hasSecondFactor(pool, viewer.user.id)) {
      res.redirect(303, SETTINGS_PAGE);
      return;
    }
    const code = text(req, 'code');
    if (code === '') return enrolView(res, 422, T.enrol.required);
    const codes = await finishEnrolment(pool, viewer.user, code, deps.clock());
    if (codes === 'wrong_code') return enrolView(res, 422, T.enrol.invalid);
    send(res, 200, recoveryCodesPage(viewer, codes));
  });
}

/** /staff/second-factor: on or off, new recovery codes, turning it off. */
function mountSettings(router: Router, deps: TotpPagesDeps, signedIn: RequestHandler): void {
  const { pool } = deps;
  const settings = async (res: Response, status: number, notice?: string, errors?: SettingsErrors) => {
    const viewer = viewerIn(res);
    const { secondFactor } = await secondFactorStatus(pool, viewer.user);
    send(res, status, secondFactorPage({ viewer, ...secondFactor, notice, errors }));
  };

  router.get(SETTINGS_PAGE, signedIn, async (req, res) => {
    await settings(res, 200, req.query.done === 'disabled' ? T.status.disabled : undefined);
  });

  router.post(`${SETTINGS_PAGE}/recovery-codes`, signedIn, async (req, res) => {
    const code = text(req, 'code');
    if (code === '') return settings(res, 422, undefined, { code: T.code.required });
    const codes = await renewRecoveryCodes(pool, viewerIn(res).user, code, deps.clock(), req.ip ?? 'unknown').catch(orConflict);
    if (codes === 'conflict') return res.redirect(303, SETTINGS_PAGE);
    if (codes === 'wrong_code') return settings(res, 422, undefined, { code: T.code.invalid });
    send(res, 200, recoveryCodesPage(viewerIn(res), codes));
  });

  router.post(`${SETTINGS_PAGE}/disable`, signedIn, async (req, res) => {
    const password = text(req, 'password');
    if (password === '') return settings(res, 422, undefined, { password: T.status.passwordRequired });
    const outcome = await disableOwnSecondFactor(pool, viewerIn(res).user, { password }, deps.clock(), req.ip ?? 'unknown').catch(orConflict);
    if (outcome === 'mandatory') return send(res, 403, errorPage(403, viewerIn(res)));
    if (outcome === 'conflict') return res.redirect(303, SETTINGS_PAGE);
    if (outcome === 'wrong_proof') return settings(res, 403, undefined, { password: T.status.wrongPassword });
    res.redirect(303, `${SETTINGS_PAGE}?done=disabled`);
  });
}

/** A form posted twice (the second factor already off, or never on): the settings page then shows the state as it is. */
function orConflict(error: unknown): 'conflict' {
  if (error instanceof ApiError && error.status === 409) return 'conflict';
  throw error;
}

/** GET and POST /staff/login/code: the second step of the page login. */
function mountCodeStep(router: Router, deps: TotpPagesDeps): void {
  const pendingUser = (req: Request): number | undefined => {
    const { pendingUserId, pendingUntil } = req.session ?? {};
    return pendingUserId !== undefined && pendingUntil !== undefined && pendingUntil > deps.clock().getTime() ? pendingUserId : undefined;
  };
  const csrfOf = (req: Request) => (req.session.csrfToken ??= newCsrfToken());

  router.get(CODE_PAGE, (req, res) => {
    if (pendingUser(req) === undefined) res.redirect(303, '/staff');
    else send(res, 200, codePage(csrfOf(req)));
  });

  router.post(CODE_PAGE, async (req, res) => {
    const userId = pendingUser(req);
    if (userId === undefined) {
      send(res, 401, errorPage(401));
      return;
    }
    const code = text(req, 'code');
    if (code === '') {
      send(res, 422, codePage(csrfOf(req), T.code.required));
      return;
    }
    const outcome = await attemptCodeStep(deps.pool, deps.clock(), userId, code, req.ip ?? 'unknown');
    if (outcome.status === 423) {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      send(res, 423, codePage(csrfOf(req), STAFF_TEXT.login.locked.replace('{minutes}', String(Math.ceil(outcome.retryAfterSeconds / 60)))));
      return;
    }
    if (outcome.status === 401) {
      send(res, 401, codePage(csrfOf(req), T.code.invalid));
      return;
    }
    // A new session id (so the pending one is worth nothing), signed in.
    await startStaffSession(deps.pool, req, outcome.user.id, deps.clock());
    res.redirect(303, '/staff');
  });
}

/**
 * An admin or supervisor signed in without a second factor sees only the
 * enrolment pages and can log out: any other page leads to enrolment, any
 * other post is refused.
 */
function enrolmentGate(deps: TotpPagesDeps): RequestHandler {
  const open = [SETTINGS_PAGE, '/staff/logout'];
  return async (req, res, next) => {
    if (req.session?.userId === undefined) return next();
    const path = req.baseUrl + req.path;
    if (open.some((p) => path === p || path.startsWith(`${p}/`))) return next();
    const viewer = await deps.viewerOf(req);
    if (!viewer || !secondFactorRequired(viewer.user.role) || (await hasSecondFactor(deps.pool, viewer.user.id))) return next();
    if (req.method === 'GET' || req.method === 'HEAD') res.redirect(303, ENROL_PAGE);
    else send(res, 403, errorPage(403, viewer));
  };
}
