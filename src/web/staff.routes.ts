import { Router, type RequestHandler, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { findMunicipality, getMunicipality } from '../geo/municipality.match.js';
import { ApiError, type ApiIssue } from '../http/api-error.js';
import { translate } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Producers } from '../queue/producers.js';
import { isValidReference } from '../submissions/reference.js';
import { createAccount, createOffice, createRule, listOffices, listRules, officeSchema, ruleSchema, userOut } from '../staff/admin.routes.js';
import { attemptLogin, endStaffSession, loginSchema, rotateStaffSession, startStaffSession, type LoginOutcome } from '../staff/auth.routes.js';
import { newCsrfToken } from '../staff/guards.js';
import { changeOwnPassword, ownPasswordSchema } from '../staff/own-password.js';
import { sessionUser, type SessionRules } from '../staff/session.js';
import { belgradeToday, enterPostalLetter, postalLetterSchema } from '../staff/postal.routes.js';
import { listPrintItems, markPrintItem, statusBody } from '../staff/print.routes.js';
import { newUserSchema } from '../staff/staff-user.schema.js';
import { listUsers } from '../staff/users.store.js';
import { adminOfficesPage, OFFICE_FIELDS, type OfficeValues } from './staff-admin-offices.page.js';
import { adminRulesPage, type RuleValues } from './staff-admin-rules.page.js';
import { adminUsersPage, USER_FIELDS, type UserValues } from './staff-admin-users.page.js';
import { errorPage } from './staff-error.page.js';
import { commaList, doneText, formOf, many, send, staffGate, staffPageErrors, text, viewerIn } from './staff-pages.js';
import { formIssues, letterIssues } from './staff-issues.js';
import type { LoginCsrf } from './staff-login-csrf.js';
import { loginPage } from './staff-login.page.js';
import { passwordPage } from './staff-password.page.js';
import { POSTAL_FIELDS, postalPage, type PostalValues } from './staff-postal.page.js';
import { printQueuePage } from './staff-print-queue.page.js';
import { awaitSecondFactor, CODE_PAGE, staffTotpPageRoutes } from './staff-totp.routes.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from './staff.texts.js';

export type StaffPagesDeps = {
  pool: Pool;
  logger: Logger;
  clock: () => Date;
  /** Absent: postal letters are stored and left for the reconciler to queue. */
  producers: Pick<Producers, 'enqueueRoute'> | undefined;
  /** Counts postal letters as the API does; absent: not counted. */
  metrics?: Pick<Metrics, 'letterReceived'> | undefined;
  /** When a session is over besides its idle time (absolute lifetime). */
  sessions: SessionRules;
  /** The login form's CSRF token, kept in a cookie rather than a session. */
  loginCsrf: LoginCsrf;
};

/** Changing one's own password (every role): the API's own action, then a new session id; the other sessions end. */
function ownPasswordPages(router: Router, deps: StaffPagesDeps, gate: (action: 'signed-in', mode: 'page' | 'post') => RequestHandler) {
  router.get('/staff/password', gate('signed-in', 'page'), (req, res) => {
    send(res, 200, passwordPage({ viewer: viewerIn(res), issues: [], notice: doneText(req.query.done) }));
  });

  router.post('/staff/password', gate('signed-in', 'post'), async (req, res) => {
    const viewer = viewerIn(res);
    const form = formOf(req);
    const refuse = (status: number, issues: ApiIssue[]) => send(res, status, passwordPage({ viewer, issues }));
    const parsed = ownPasswordSchema.safeParse({ currentPassword: text(form.currentPassword), newPassword: text(form.newPassword) });
    if (!parsed.success) return refuse(422, formIssues(parsed.error));
    if (text(form.newPasswordAgain) !== parsed.data.newPassword) return refuse(422, [{ path: 'newPasswordAgain', message: T.password.mismatch }]);
    const change = await changeOwnPassword(deps.pool, viewer.user, parsed.data, req.ip ?? 'unknown', deps.clock());
    if (change.status === 'locked') {
      res.set('Retry-After', String(change.retryAfterSeconds));
      const minutes = String(Math.ceil(change.retryAfterSeconds / 60));
      return refuse(423, [{ path: 'currentPassword', message: T.password.locked.replace('{minutes}', minutes) }]);
    }
    if (change.status === 'wrong') return refuse(422, [{ path: 'currentPassword', message: translate('current_password_wrong', STAFF_LANGUAGE) }]);
    await rotateStaffSession(req, change.generation);
    res.redirect(303, '/staff/password?done=password');
  });
}

/** The staff back office as server-rendered pages under /staff; forms work without JavaScript. */
export function staffPageRoutes(deps: StaffPagesDeps): Router {
  const { pool } = deps;
  const router = Router();

  const { viewerOf, gate } = staffGate(pool, deps.sessions);
  router.use(staffTotpPageRoutes({ pool, clock: deps.clock, viewerOf }));

  // ── Login, logout ────────────────────────────────────────────────────────

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
    // The API's own limits: anything beyond them is simply wrong credentials.
    const outcome: LoginOutcome = loginSchema.safeParse({ email, password }).success
      ? await attemptLogin(pool, deps.clock(), email, password, req.ip ?? 'unknown')
      : { ok: false, status: 401, reason: 'invalid_credentials' };
    if (outcome.status === 423) {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      send(res, 423, loginPage(csrf, email, { form: T.login.locked.replace('{minutes}', String(Math.ceil(outcome.retryAfterSeconds / 60))) }));
      return;
    }
    if (outcome.status === 401 && outcome.user) {
      // The password was right; the code comes next, on its own page.
      await awaitSecondFactor(req, outcome.user.id, deps.clock());
      res.redirect(303, CODE_PAGE);
      return;
    }
    if (outcome.status === 401) {
      send(res, 401, loginPage(csrf, email, { form: T.login.invalid }));
      return;
    }
    await startStaffSession(pool, req, outcome.user.id, deps.clock());
    res.redirect(303, '/staff');
  });

  router.post('/staff/logout', async (req, res) => {
    await endStaffSession(pool, req, res);
    res.redirect(303, '/staff');
  });

  ownPasswordPages(router, deps, gate);

  // ── Postal entry ─────────────────────────────────────────────────────────

  router.get('/staff/postal', gate('postal.create', 'page'), (req, res) => {
    const today = belgradeToday(deps.clock());
    const entered = text(req.query.entered).toUpperCase();
    send(res, 200, postalPage({
      viewer: viewerIn(res), values: { receivedAt: today }, issues: [], today,
      entered: isValidReference(entered) ? entered : undefined,
    }));
  });

  router.post('/staff/postal', gate('postal.create', 'post'), async (req, res) => {
    const viewer = viewerIn(res);
    const now = deps.clock();
    const today = belgradeToday(now);
    const form = formOf(req);
    const values: PostalValues = Object.fromEntries(POSTAL_FIELDS.map((f) => [f, text(form[f])]));
    // As on the citizen form: a country with no municipality means "abroad".
    const country = text(form.country).trim();
    const municipality = text(form.municipality);
    const parsed = postalLetterSchema(today).safeParse({
      ...values,
      municipality: municipality.trim() === '' && country !== '' ? 'abroad' : municipality,
      country,
    });
    if (!parsed.success) {
      send(res, 422, postalPage({ viewer, values, issues: letterIssues(parsed.error), today }));
      return;
    }
    const receipt = await enterPostalLetter({ pool, producers: deps.producers, metrics: deps.metrics, logger: deps.logger }, viewer.user, parsed.data, now);
    // Post/redirect/get: reloading the confirmation must not enter the letter twice.
    res.redirect(303, `/staff/postal?entered=${encodeURIComponent(receipt.reference)}`);
  });

  // ── Print queue ──────────────────────────────────────────────────────────

  router.get('/staff/print-queue', gate('print.view', 'page'), async (req, res) => {
    send(res, 200, printQueuePage({ viewer: viewerIn(res), items: await listPrintItems(pool, 'open'), notice: doneText(req.query.done) }));
  });

  router.post('/staff/print-queue/:id', gate('print.mark', 'post'), async (req, res) => {
    const viewer = viewerIn(res);
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) {
      send(res, 404, errorPage(404, viewer));
      return;
    }
    const refuse = async (status: number, message: string) =>
      send(res, status, printQueuePage({ viewer, items: await listPrintItems(pool, 'open'), errors: [{ field: `item-${id}`, text: message }] }));
    const parsed = statusBody.safeParse({ status: text(formOf(req).status) });
    if (!parsed.success) {
      await refuse(422, T.errors[400].text);
      return;
    }
    try {
      await markPrintItem(pool, viewer.user.id, id, parsed.data.status);
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 409)) throw error;
      await refuse(error.status, error.status === 404 ? T.errors[404].text : T.actionErrors.illegal_transition);
      return;
    }
    res.redirect(303, `/staff/print-queue?done=${parsed.data.status}`);
  });

  // ── Administration ───────────────────────────────────────────────────────

  /** An admin form's refusal: 422 with the issues, or 409 when the code or email is taken. */
  const adminFailure = (error: unknown, conflictField: string): { status: number; issues: ApiIssue[] } => {
    if (!(error instanceof ApiError) || (error.status !== 409 && error.status !== 422)) throw error;
    if (error.status === 409) return { status: 409, issues: [{ path: conflictField, message: T.actionErrors.conflict }] };
    return {
      status: 422,
      issues: (error.options.issues ?? []).map((i) => ({
        path: i.path,
        message: i.message === 'unknown office' ? T.actionErrors.unknownOffice
          : i.message === 'a rule needs at least one condition' ? T.actionErrors.noCondition
          : i.path === 'office' ? (i.message.startsWith('an officer') ? T.admin.user.officerNeedsOffice : T.admin.user.onlyOfficers)
          : i.message,
      })),
    };
  };

  // Users
  const usersPage = async (res: Response, status: number, values: UserValues, issues: ApiIssue[], notice?: string) =>
    send(res, status, adminUsersPage({
      viewer: viewerIn(res), users: (await listUsers(pool)).map(userOut), offices: await listOffices(pool), values, issues, notice,
    }));

  router.get('/staff/admin/users', gate('admin.manage', 'page'), async (req, res) => {
    await usersPage(res, 200, {}, [], doneText(req.query.done));
  });

  router.post('/staff/admin/users', gate('admin.manage', 'post'), async (req, res) => {
    const form = formOf(req);
    const values: UserValues = Object.fromEntries(USER_FIELDS.map((f) => [f, text(form[f])]));
    const parsed = newUserSchema.safeParse({
      email: values.email, password: values.password, role: values.role,
      ...(values.office?.trim() ? { office: values.office } : {}),
      displayName: values.displayName,
    });
    if (!parsed.success) {
      const issues = formIssues(parsed.error).map((i) =>
        i.path === 'office' ? { ...i, message: values.role === 'officer' ? T.admin.user.officerNeedsOffice : T.admin.user.onlyOfficers } : i,
      );
      await usersPage(res, 422, values, issues);
      return;
    }
    try {
      await createAccount(pool, viewerIn(res).user.id, parsed.data);
    } catch (error) {
      const failure = adminFailure(error, 'email');
      await usersPage(res, failure.status, values, failure.issues);
      return;
    }
    res.redirect(303, '/staff/admin/users?done=created');
  });

  // Offices
  const officesPage = async (res: Response, status: number, values: OfficeValues, issues: ApiIssue[], notice?: string) =>
    send(res, status, adminOfficesPage({ viewer: viewerIn(res), offices: await listOffices(pool), values, issues, notice, fresh: status === 200 }));

  router.get('/staff/admin/offices', gate('admin.manage', 'page'), async (req, res) => {
    await officesPage(res, 200, {}, [], doneText(req.query.done));
  });

  router.post('/staff/admin/offices', gate('admin.manage', 'post'), async (req, res) => {
    const form = formOf(req);
    const values: OfficeValues = Object.fromEntries(OFFICE_FIELDS.map((f) => [f, text(form[f])]));
    const parsed = officeSchema.safeParse({
      code: values.code?.trim(), nameCyrl: values.nameCyrl, nameLatn: values.nameLatn, nameEn: values.nameEn,
      inboxEmail: values.inboxEmail?.trim(), isDefault: values.isDefault !== '', active: values.active !== '',
    });
    if (!parsed.success) {
      await officesPage(res, 422, values, formIssues(parsed.error));
      return;
    }
    try {
      await createOffice(pool, viewerIn(res).user.id, parsed.data);
    } catch (error) {
      const failure = adminFailure(error, 'code');
      await officesPage(res, failure.status, values, failure.issues);
      return;
    }
    res.redirect(303, '/staff/admin/offices?done=created');
  });

  // Routing rules
  const rulesPage = async (res: Response, status: number, values: RuleValues, issues: ApiIssue[], notice?: string) =>
    send(res, status, adminRulesPage({
      viewer: viewerIn(res), rules: await listRules(pool), offices: await listOffices(pool), values, issues, notice, fresh: status === 200,
    }));

  router.get('/staff/admin/rules', gate('admin.manage', 'page'), async (req, res) => {
    await rulesPage(res, 200, {}, [], doneText(req.query.done));
  });

  router.post('/staff/admin/rules', gate('admin.manage', 'post'), async (req, res) => {
    const form = formOf(req);
    const values: RuleValues = {
      position: text(form.position), office: text(form.office), description: text(form.description),
      categories: many(form.categories), keywords: text(form.keywords), municipalityCodes: text(form.municipalityCodes),
      abroad: text(form.abroad), active: text(form.active),
    };
    const position = values.position?.trim() ?? '';
    const parsed = ruleSchema.safeParse({
      position: position === '' ? undefined : /^\d+$/.test(position) ? Number(position) : position,
      office: values.office,
      description: values.description,
      categories: values.categories?.length ? values.categories : null,
      keywords: commaList(values.keywords),
      // A code, or a name in either script (`Čačak`, `Чачак`): stored as the code; anything else fails validation.
      municipalityCodes: commaList(values.municipalityCodes)?.map((c) => getMunicipality(c.toLowerCase())?.code ?? findMunicipality(c)?.code ?? c) ?? null,
      abroad: values.abroad === 'true' ? true : values.abroad === 'false' ? false : null,
      active: values.active !== '',
    });
    if (!parsed.success) {
      await rulesPage(res, 422, values, formIssues(parsed.error));
      return;
    }
    try {
      await createRule(pool, viewerIn(res).user.id, parsed.data);
    } catch (error) {
      const failure = adminFailure(error, 'description');
      await rulesPage(res, failure.status, values, failure.issues);
      return;
    }
    res.redirect(303, '/staff/admin/rules?done=created');
  });

  router.use(staffPageErrors);
  return router;
}
