import { Router, type RequestHandler, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { findMunicipality, getMunicipality } from '../geo/municipality.match.js';
import { ApiError, type ApiIssue } from '../http/api-error.js';
import { translate } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import { createAccount, createOffice, createRule, listOffices, listRules, officeSchema, ruleSchema, userOut } from '../staff/admin.routes.js';
import { newCsrfToken } from '../staff/guards.js';
import { sessionUser, type SessionRules } from '../staff/session.js';
import { newUserSchema } from '../staff/staff-user.schema.js';
import { listUsers } from '../staff/users.store.js';
import { adminOfficesPage, OFFICE_FIELDS, type OfficeValues } from './staff-admin-offices.page.js';
import { adminRulesPage, type RuleValues } from './staff-admin-rules.page.js';
import { adminUsersPage, USER_FIELDS, type UserValues } from './staff-admin-users.page.js';
import { errorPage } from './staff-error.page.js';
import { commaList, doneText, formOf, many, send, staffGate, staffPageErrors, text, viewerIn } from './staff-pages.js';
import { formIssues } from './staff-issues.js';
import type { LoginCsrf } from '../staff/login-csrf.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from './staff.texts.js';

export type StaffPagesDeps = {
  pool: Pool;
  logger: Logger;
  clock: () => Date;
  /** When a session is over besides its idle time (absolute lifetime). */
  sessions: SessionRules;
  /** The login form's CSRF token, kept in a cookie rather than a session. */
  loginCsrf: LoginCsrf;
};

/** The staff back office as server-rendered pages under /staff; forms work without JavaScript. */
export function staffPageRoutes(deps: StaffPagesDeps): Router {
  const { pool } = deps;
  const router = Router();

  const { viewerOf, gate } = staffGate(pool, deps.sessions);


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
