import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../staff/cursor.js';
import { audit } from '../audit/audit.store.js';
import type { Pool } from '../db/pool.js';
import { ApiError, type ApiIssue } from '../http/api-error.js';
import { translate } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Producers } from '../queue/producers.js';
import { isValidReference } from '../submissions/reference.js';
import { listOffices } from '../routing/routing.store.js';
import { attemptLogin, endStaffSession, loginSchema, rotateStaffSession, startStaffSession, type LoginOutcome } from '../staff/auth.routes.js';
import { newCsrfToken } from '../staff/guards.js';
import { changeOwnPassword, ownPasswordSchema } from '../staff/own-password.js';
import { sessionUser, type SessionRules } from '../staff/session.js';
import { addNote, assign, changeStatus, reroute, replyTo, type ActionDeps } from '../staff/letter-actions.js';
import { bodies, listQuerySchema, triageFilters } from '../staff/letters.routes.js';
import { findLetter, letterHistory, listLetters, type LetterRecord } from '../staff/letters.store.js';
import { allowed, canSeeLetter, officeScope, type Action, type StaffUser } from '../staff/permissions.js';
import { belgradeToday, enterPostalLetter, postalLetterSchema } from '../staff/postal.routes.js';
import { listPrintItems, markPrintItem, statusBody } from '../staff/print.routes.js';
import { listUsers } from '../staff/users.store.js';
import { errorPage } from './staff-error.page.js';
import { doneText, formOf, send, staffGate, staffPageErrors, text, viewerIn } from './staff-pages.js';
import type { SummaryItem, Viewer } from './staff-frame.page.js';
import { formIssues, letterIssues } from './staff-issues.js';
import { ACTION_FIELDS, letterPage } from './staff-letter.page.js';
import type { LoginCsrf } from './staff-login-csrf.js';
import { loginPage } from './staff-login.page.js';
import { passwordPage } from './staff-password.page.js';
import { POSTAL_FIELDS, postalPage, type PostalValues } from './staff-postal.page.js';
import { printQueuePage } from './staff-print-queue.page.js';
import { FILTER_FIELDS, triagePage, type FilterValues } from './staff-triage.page.js';
import { awaitSecondFactor, CODE_PAGE, staffTotpPageRoutes } from './staff-totp.routes.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from './staff.texts.js';

export type StaffPagesDeps = {
  pool: Pool;
  logger: Logger;
  clock: () => Date;
  /** The same dependencies the letter API's actions run with. */
  actions: ActionDeps;
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

  /** Where a role starts when it may not list letters. */
  const homeOf = (user: StaffUser) =>
    allowed(user, 'print.view') ? '/staff/print-queue' : allowed(user, 'postal.create') ? '/staff/postal' : undefined;

  // ── Login, logout ────────────────────────────────────────────────────────

  router.get('/staff', async (req, res) => {
    const viewer = await viewerOf(req);
    if (!viewer) {
      send(res, 200, loginPage(deps.loginCsrf.issue(req, res), ''));
      return;
    }
    if (!allowed(viewer.user, 'letters.list')) {
      const home = homeOf(viewer.user);
      if (home) res.redirect(303, home);
      else send(res, 403, errorPage(403, viewer));
      return;
    }
    await triage(req, res, viewer);
  });

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

  // ── Triage ───────────────────────────────────────────────────────────────

  async function triage(req: Request, res: Response, viewer: Viewer) {
    const { user } = viewer;
    // An empty control of the GET form means "any"; the language switch is not a filter.
    const raw = Object.fromEntries(Object.entries(req.query).filter(([key, value]) => value !== '' && key !== 'lang'));
    const values: FilterValues = Object.fromEntries(FILTER_FIELDS.map((f) => [f, text(raw[f])]));
    const offices = await listOffices(pool);
    const render = (status: number, items: Parameters<typeof triagePage>[0]['items'], nextHref: string | null, errors: SummaryItem[]) =>
      send(res, status, triagePage({ viewer, values, offices, showOfficeFilter: officeScope(user) === null, items, nextHref, errors }));

    const parsed = listQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const visible = new Set<string>(FILTER_FIELDS.filter((f) => f !== 'campaign'));
      const errors = formIssues(parsed.error).map((i) => ({
        field: visible.has(i.path) ? i.path : undefined,
        text: visible.has(i.path) ? i.message : `${T.triage.invalidQuery} (${i.path || '?'})`,
      }));
      render(400, [], null, errors);
      return;
    }
    const query = parsed.data;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !after) {
      render(400, [], null, [{ text: T.triage.badCursor }]);
      return;
    }
    const items = await listLetters(pool, triageFilters(query, user, after));
    const shown = items.slice(0, query.limit);
    const last = shown.at(-1);
    let nextHref: string | null = null;
    if (items.length > query.limit && last) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(raw)) if (key !== 'cursor' && typeof value === 'string') params.set(key, value);
      params.set('cursor', encodeCursor(last.receivedAt, last.id));
      nextHref = `/staff?${params.toString()}`;
    }
    render(200, shown, nextHref, []);
  }

  // ── One letter ───────────────────────────────────────────────────────────

  const referenceOf = (req: Request) => String(req.params.reference);

  /** The letter page, audited as an opening of the letter (as the API's GET is). */
  async function showLetter(
    res: Response,
    status: number,
    viewer: Viewer,
    letter: LetterRecord,
    extra: { notice?: string | undefined; errors?: SummaryItem[]; fieldErrors?: Record<string, string>; values?: Record<string, string> } = {},
  ) {
    const [history, offices, users] = await Promise.all([letterHistory(pool, letter.id), listOffices(pool), listUsers(pool)]);
    await audit(pool, { actorId: viewer.user.id, action: 'letter.viewed', targetType: 'submission', targetId: letter.reference });
    send(res, status, letterPage({
      viewer,
      letter,
      history,
      offices: offices.filter((o) => o.active),
      officeNames: new Map(offices.map((o) => [o.code, o.nameLatn])),
      officers: users.filter((u) => u.role === 'officer' && !u.disabled && u.officeId !== null && u.officeId === letter.officeId),
      ...extra,
    }));
  }

  /** The letter if this user may see it; otherwise the 404 page (nothing of the letter). */
  async function visibleLetter(res: Response, viewer: Viewer, reference: string): Promise<LetterRecord | undefined> {
    const letter = await findLetter(pool, reference);
    if (letter && canSeeLetter(viewer.user, letter)) return letter;
    send(res, 404, errorPage(404, viewer));
    return undefined;
  }

  router.get('/staff/letters/:reference', gate('letter.view', 'page'), async (req, res) => {
    const viewer = viewerIn(res);
    const letter = await visibleLetter(res, viewer, referenceOf(req));
    if (letter) await showLetter(res, 200, viewer, letter, { notice: doneText(req.query.done) });
  });

  type ActionName = keyof typeof ACTION_FIELDS;

  /**
   * One action form: validated with the API's body schema, done by the API's
   * own function (which checks visibility, locks, audits), then back to the
   * letter with a notice; a refusal shows the letter again with the reason.
   */
  function letterAction<S extends z.ZodType>(
    name: ActionName,
    permission: Action,
    schema: S,
    fromForm: (form: Record<string, unknown>) => Record<string, unknown>,
    run: (user: StaffUser, reference: string, body: z.output<S>) => Promise<unknown>,
    done: string,
  ) {
    const ids = ACTION_FIELDS[name] as Record<string, string>;
    const mainField = Object.values(ids)[0];
    router.post(`/staff/letters/:reference/${name}`, gate(permission, 'post'), async (req, res) => {
      const viewer = viewerIn(res);
      const reference = referenceOf(req);
      const form = formOf(req);
      const values = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, text(form[key])]));
      const refuse = async (status: number, issues: ApiIssue[]) => {
        const letter = await visibleLetter(res, viewer, reference);
        if (!letter) return;
        const fieldErrors: Record<string, string> = {};
        const errors = issues.map((i) => {
          const id = ids[i.path.split('.')[0] ?? ''] ?? mainField;
          if (id) fieldErrors[id] ??= i.message;
          return { field: id, text: i.message };
        });
        await showLetter(res, status, viewer, letter, { errors, fieldErrors, values });
      };
      const parsed = schema.safeParse(fromForm(form));
      if (!parsed.success) {
        await refuse(422, formIssues(parsed.error));
        return;
      }
      try {
        await run(viewer.user, reference, parsed.data);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 404) {
          send(res, 404, errorPage(404, viewer));
          return;
        }
        if (error.status === 409) {
          await refuse(409, [{ path: '', message: T.actionErrors.illegal_transition }]);
          return;
        }
        if (error.status === 422) {
          await refuse(422, (error.options.issues ?? [{ path: '', message: '' }]).map((i) => ({
            path: i.path,
            message: i.path === 'office' ? T.actionErrors.unknownOffice : i.path === 'assignee' ? T.actionErrors.notAnOfficer : i.message,
          })));
          return;
        }
        throw error;
      }
      res.redirect(303, `/staff/letters/${encodeURIComponent(reference)}?done=${done}`);
    });
  }

  letterAction('route', 'letter.reroute', bodies.route, (f) => ({ office: text(f.office) }),
    (user, ref, b) => reroute(deps.actions, user, ref, b.office), 'rerouted');
  letterAction('status', 'letter.status', bodies.status,
    (f) => ({ status: text(f.status), ...(text(f.note).trim() ? { note: text(f.note) } : {}) }),
    (user, ref, b) => changeStatus(deps.actions, user, ref, b.status, b.note), 'status');
  letterAction('assign', 'letter.assign', bodies.assign, (f) => ({ assignee: text(f.assignee) }),
    (user, ref, b) => assign(deps.actions, user, ref, b.assignee), 'assigned');
  letterAction('notes', 'letter.note', bodies.note, (f) => ({ text: text(f.text) }),
    (user, ref, b) => addNote(deps.actions, user, ref, b.text), 'noted');
  letterAction('reply', 'letter.reply', bodies.reply, (f) => ({ body: text(f.body) }),
    (user, ref, b) => replyTo(deps.actions, user, ref, b.body), 'replied');

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

  router.use(staffPageErrors);
  return router;
}
