import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { isDomainError } from '../errors.js';
import { errorText, pageIssueOf } from '../web/error-texts.js';
import { errorPage } from '../web/staff-error.page.js';
import type { Viewer } from '../web/staff-frame.page.js';
import { formOf, send, text, viewerIn } from '../web/staff-pages.js';
import { STAFF_LANGUAGE } from '../web/staff.texts.js';
import { attemptCodeStep, pendingLogin, startStaffSession } from './auth.actions.js';
import { CODE_PAGE, refusalOf, refusalStatus } from './auth.pages.js';
import { newCsrfToken } from './guards.js';
import { allowed } from './permissions.js';
import { secondFactorRequired } from './totp.js';
import {
  beginEnrolment, disableOwnSecondFactor, finishEnrolment, renewRecoveryCodes, resetSecondFactor, secondFactorStatus,
} from './totp.actions.js';
import { codePage, enrolPage, recoveryCodesPage, secondFactorPage, type SettingsErrors } from './totp.page.js';
import { hasSecondFactor } from './totp.store.js';
import { TOTP_TEXT as T } from './totp.texts.js';

const SETTINGS_PAGE = '/staff/second-factor';
const ENROL_PAGE = '/staff/second-factor/enrol';

const field = (req: Request, name: string) => text(formOf(req)[name]).trim();

export type TotpPagesDeps = {
  pool: Pool;
  clock: () => Date;
  /** The signed-in staff member (staff-pages.ts's staffGate). */
  viewerOf: (req: Request) => Promise<Viewer | undefined>;
};

/**
 * The second factor's pages, mounted before the other staff pages: the
 * login's code step, enrolment, one's own settings, the admin's reset; and
 * the gate that keeps an admin or supervisor without a second factor on the
 * enrolment pages.
 */
export function totpPages(deps: TotpPagesDeps): Router {
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
      refusalOf(error, 'not_found');
      return send(res, 404, errorPage(404, viewer));
    }
    res.redirect(303, '/staff/admin/users?done=second-factor-reset');
  });
  return router;
}

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
    const code = field(req, 'code');
    if (code === '') return enrolView(res, 422, T.enrol.required);
    let codes: string[];
    try {
      codes = await finishEnrolment(pool, viewer.user, code, deps.clock());
    } catch (error) {
      // A wrong code at enrolment is most often a mistyped key or a phone's clock: the page says where to look.
      if (refusalOf(error, 'invalid_code', 'conflict').code === 'invalid_code') return enrolView(res, 422, T.enrol.invalid);
      return res.redirect(303, SETTINGS_PAGE);
    }
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
  /** A form posted twice (the second factor already off, or never on) shows the state as it is; other refusals go on the form's field. */
  const refused = (res: Response, error: unknown, on: keyof SettingsErrors, status: number) => {
    const refusal = refusalOf(error, 'conflict', 'invalid_code', 'wrong_proof', 'account_locked');
    if (refusal.code === 'conflict') return res.redirect(303, SETTINGS_PAGE);
    return settings(res, refusalStatus(res, refusal, status), undefined, { [on]: pageIssueOf(refusal, STAFF_LANGUAGE).message });
  };

  router.get(SETTINGS_PAGE, signedIn, async (req, res) => {
    await settings(res, 200, req.query.done === 'disabled' ? T.status.disabled : undefined);
  });

  router.post(`${SETTINGS_PAGE}/recovery-codes`, signedIn, async (req, res) => {
    const code = field(req, 'code');
    if (code === '') return settings(res, 422, undefined, { code: T.code.required });
    try {
      const codes = await renewRecoveryCodes(pool, viewerIn(res).user, code, deps.clock(), req.ip ?? 'unknown');
      send(res, 200, recoveryCodesPage(viewerIn(res), codes));
    } catch (error) {
      await refused(res, error, 'code', 422);
    }
  });

  router.post(`${SETTINGS_PAGE}/disable`, signedIn, async (req, res) => {
    const password = field(req, 'password');
    if (password === '') return settings(res, 422, undefined, { password: T.status.passwordRequired });
    try {
      await disableOwnSecondFactor(pool, viewerIn(res).user, { password }, deps.clock(), req.ip ?? 'unknown');
    } catch (error) {
      if (isDomainError(error, 'second_factor_mandatory')) return send(res, 403, errorPage(403, viewerIn(res)));
      return refused(res, error, 'password', 403);
    }
    res.redirect(303, `${SETTINGS_PAGE}?done=disabled`);
  });
}

/** GET and POST /staff/login/code: the second step of the page login. */
function mountCodeStep(router: Router, deps: TotpPagesDeps): void {
  const csrfOf = (req: Request) => (req.session.csrfToken ??= newCsrfToken());

  router.get(CODE_PAGE, (req, res) => {
    if (pendingLogin(req, deps.clock()) === undefined) res.redirect(303, '/staff');
    else send(res, 200, codePage(csrfOf(req)));
  });

  router.post(CODE_PAGE, async (req, res) => {
    const userId = pendingLogin(req, deps.clock());
    if (userId === undefined) {
      send(res, 401, errorPage(401));
      return;
    }
    const code = field(req, 'code');
    if (code === '') {
      send(res, 422, codePage(csrfOf(req), T.code.required));
      return;
    }
    try {
      const user = await attemptCodeStep(deps.pool, deps.clock(), userId, code, req.ip ?? 'unknown');
      // A new session id (so the pending one is worth nothing), signed in.
      await startStaffSession(deps.pool, req, user.id, deps.clock());
    } catch (error) {
      const refusal = refusalOf(error, 'invalid_code', 'invalid_credentials', 'second_factor_required', 'account_locked');
      send(res, refusalStatus(res, refusal, 401), codePage(csrfOf(req), errorText(refusal, STAFF_LANGUAGE)));
      return;
    }
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
