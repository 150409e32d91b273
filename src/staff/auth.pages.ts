import { Router, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { DomainError, isDomainError } from '../errors.js';
import { errorText, pageIssueOf } from '../web/error-texts.js';
import { doneText, formOf, send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import { formIssues } from '../web/staff-issues.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from '../web/staff.texts.js';
import { awaitSecondFactor, changeOwnPassword, endStaffSession, passwordStep, rotateStaffSession, startStaffSession } from './auth.actions.js';
import { loginSchema, ownPasswordSchema } from './auth.schema.js';
import type { LoginCsrf } from './login-csrf.js';
import { loginPage } from './login.page.js';
import { passwordPage, type PageIssue } from './password.page.js';

export type AuthPagesDeps = {
  pool: Pool;
  clock: () => Date;
  gate: Gate;
  /** The login form's CSRF token, kept in a cookie rather than a session. */
  loginCsrf: LoginCsrf;
};

/** The login's second step, for an account with a second factor (totp.pages.ts). */
export const CODE_PAGE = '/staff/login/code';

/** A lockout is 423 with Retry-After, as the API answers it; any other refusal is `otherwise`. */
export function refusalStatus(res: Response, error: DomainError, otherwise: number): number {
  if (error.code !== 'account_locked') return otherwise;
  res.set('Retry-After', String(error.details.retryAfterSeconds ?? 0));
  return 423;
}

/** The action's refusal of one of these kinds, or anything else thrown again (to the pages' error handler). */
export function refusalOf(error: unknown, ...codes: DomainError['code'][]): DomainError {
  if (isDomainError(error, ...codes)) return error;
  throw error;
}

/** The login form's post, the logout, and changing one's own password. */
export function authPages(deps: AuthPagesDeps): Router {
  const { pool } = deps;
  const router = Router();

  router.post('/staff/login', async (req, res) => {
    const form = formOf(req);
    const email = text(form.email).trim();
    const password = text(form.password);
    const csrf = deps.loginCsrf.issue(req, res);
    if (email === '' || password === '') {
      send(res, 422, loginPage(csrf, email, {
        ...(email === '' ? { email: T.login.emailRequired } : {}),
        ...(password === '' ? { password: T.login.passwordRequired } : {}),
      }));
      return;
    }
    try {
      // The API's own limits: anything beyond them is simply wrong credentials.
      const login = loginSchema.safeParse({ email, password });
      if (!login.success) throw new DomainError('invalid_credentials');
      const step = await passwordStep(pool, deps.clock(), login.data, req.ip ?? 'unknown');
      if (step.codeNeeded) {
        // The password was right; the code comes next, on its own page.
        await awaitSecondFactor(req, step.user.id, deps.clock());
        res.redirect(303, CODE_PAGE);
        return;
      }
      await startStaffSession(pool, req, step.user.id, deps.clock());
      res.redirect(303, '/staff');
    } catch (error) {
      const refusal = refusalOf(error, 'invalid_credentials', 'account_locked');
      send(res, refusalStatus(res, refusal, 401), loginPage(csrf, email, { form: errorText(refusal, STAFF_LANGUAGE) }));
    }
  });

  router.post('/staff/logout', async (req, res) => {
    await endStaffSession(pool, req, res);
    res.redirect(303, '/staff');
  });

  ownPasswordPages(router, deps);
  return router;
}

/** Changing one's own password (every role): the API's own action, then a new session id; the other sessions end. */
function ownPasswordPages(router: Router, deps: AuthPagesDeps): void {
  router.get('/staff/password', deps.gate('signed-in', 'page'), (req, res) => {
    send(res, 200, passwordPage({ viewer: viewerIn(res), issues: [], notice: doneText(req.query.done) }));
  });

  router.post('/staff/password', deps.gate('signed-in', 'post'), async (req, res) => {
    const viewer = viewerIn(res);
    const form = formOf(req);
    const refuse = (status: number, issues: PageIssue[]) => send(res, status, passwordPage({ viewer, issues }));
    const parsed = ownPasswordSchema.safeParse({ currentPassword: text(form.currentPassword), newPassword: text(form.newPassword) });
    if (!parsed.success) return refuse(422, formIssues(parsed.error));
    if (text(form.newPasswordAgain) !== parsed.data.newPassword) return refuse(422, [{ path: 'newPasswordAgain', message: T.password.mismatch }]);
    try {
      const generation = await changeOwnPassword(deps.pool, viewer.user, parsed.data, req.ip ?? 'unknown', deps.clock());
      await rotateStaffSession(req, generation);
    } catch (error) {
      const refusal = refusalOf(error, 'current_password_wrong', 'account_locked');
      return refuse(refusalStatus(res, refusal, 422), [pageIssueOf(refusal, STAFF_LANGUAGE)]);
    }
    res.redirect(303, '/staff/password?done=password');
  });
}
