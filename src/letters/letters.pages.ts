import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { isDomainError } from '../errors.js';
import type { Issue } from '../i18n/issues.js';
import { statusOf } from '../http/domain-errors.js';
import { listOffices } from '../routing/routing.store.js';
import { allowed, officeScope, type Action, type StaffUser } from '../staff/permissions.js';
import { listUsers } from '../staff/users.store.js';
import { errorText, pageIssueOf } from '../web/error-texts.js';
import { errorPage } from '../web/staff-error.page.js';
import type { SummaryItem, Viewer } from '../web/staff-frame.page.js';
import { formIssues } from '../web/staff-issues.js';
import type { LoginCsrf } from '../staff/login-csrf.js';
import { loginPage } from '../staff/login.page.js';
import { doneText, formOf, send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from '../web/staff.texts.js';
import { ACTION_FIELDS, letterPage } from './letter.page.js';
import { actionBodies, listQuerySchema } from './letter.schema.js';
import { addNote, assign, changeStatus, reroute, replyTo, triageList, viewLetter, type ActionDeps } from './letters.actions.js';
import { FILTER_FIELDS, triagePage, type FilterValues } from './triage.page.js';

export type LetterPagesDeps = {
  pool: Pool;
  /** The same dependencies the letter API's actions run with. */
  actions: ActionDeps;
  viewerOf(req: Request): Promise<Viewer | undefined>;
  gate: Gate;
  /** The login form's CSRF token, for /staff when signed out. */
  loginCsrf: LoginCsrf;
};

/** Where a role starts when it may not list letters. */
const homeOf = (user: StaffUser) =>
  allowed(user, 'print.view') ? '/staff/print-queue' : allowed(user, 'postal.create') ? '/staff/postal' : undefined;

type LetterExtra = { notice?: string | undefined; errors?: SummaryItem[]; fieldErrors?: Record<string, string>; values?: Record<string, string> };

/** The triage list with the filters of the query; a query or cursor that is not right shows the reasons instead (400). */
async function triage(deps: LetterPagesDeps, req: Request, res: Response, viewer: Viewer) {
  const { user } = viewer;
  // An empty control of the GET form means "any"; the language switch is not a filter.
  const raw = Object.fromEntries(Object.entries(req.query).filter(([key, value]) => value !== '' && key !== 'lang'));
  const values: FilterValues = Object.fromEntries(FILTER_FIELDS.map((f) => [f, text(raw[f])]));
  const offices = await listOffices(deps.pool);
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
  let page: Awaited<ReturnType<typeof triageList>>;
  try {
    page = await triageList(deps.actions, user, parsed.data);
  } catch (error) {
    if (!isDomainError(error, 'bad_cursor')) throw error;
    render(400, [], null, [{ text: errorText(error, STAFF_LANGUAGE) }]);
    return;
  }
  let nextHref: string | null = null;
  if (page.nextCursor) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(raw)) if (key !== 'cursor' && typeof value === 'string') params.set(key, value);
    params.set('cursor', page.nextCursor);
    nextHref = `/staff?${params.toString()}`;
  }
  render(200, page.items, nextHref, []);
}

/** The letter page, audited as an opening of the letter (as the API's GET is); one this user may not see is the 404 page. */
async function showLetter(deps: LetterPagesDeps, res: Response, status: number, viewer: Viewer, reference: string, extra: LetterExtra = {}) {
  let shown: Awaited<ReturnType<typeof viewLetter>>;
  try {
    shown = await viewLetter(deps.actions, viewer.user, reference);
  } catch (error) {
    if (!isDomainError(error, 'not_found')) throw error;
    send(res, 404, errorPage(404, viewer));
    return;
  }
  const { letter, history } = shown;
  const [offices, users] = await Promise.all([listOffices(deps.pool), listUsers(deps.pool)]);
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

const referenceOf = (req: Request) => String(req.params.reference);

/**
 * One action form: validated with the API's body schema, done by the same
 * action (which checks visibility, locks, audits), then back to the letter
 * with a notice; a refusal shows the letter again with the reason.
 */
function letterAction<S extends z.ZodType>(
  router: Router,
  deps: LetterPagesDeps,
  form: { name: keyof typeof ACTION_FIELDS; permission: Action; schema: S; done: string },
  fromForm: (form: Record<string, unknown>) => Record<string, unknown>,
  run: (user: StaffUser, reference: string, body: z.output<S>) => Promise<unknown>,
) {
  const ids = ACTION_FIELDS[form.name] as Record<string, string>;
  const mainField = Object.values(ids)[0];
  router.post(`/staff/letters/:reference/${form.name}`, deps.gate(form.permission, 'post'), async (req, res) => {
    const viewer = viewerIn(res);
    const reference = referenceOf(req);
    const posted = formOf(req);
    const values = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, text(posted[key])]));
    const refuse = async (status: number, issues: Issue[]) => {
      const fieldErrors: Record<string, string> = {};
      const errors = issues.map((i) => {
        const id = ids[i.path.split('.')[0] ?? ''] ?? mainField;
        if (id) fieldErrors[id] ??= i.message;
        return { field: id, text: i.message };
      });
      await showLetter(deps, res, status, viewer, reference, { errors, fieldErrors, values });
    };
    const parsed = form.schema.safeParse(fromForm(posted));
    if (!parsed.success) {
      await refuse(422, formIssues(parsed.error));
      return;
    }
    try {
      await run(viewer.user, reference, parsed.data);
    } catch (error) {
      if (isDomainError(error, 'not_found')) {
        send(res, 404, errorPage(404, viewer));
        return;
      }
      // A refusal the reader can act on: the move is not possible now, or a field names what is wrong.
      if (!isDomainError(error) || (error.code !== 'illegal_transition' && error.details.field === undefined)) throw error;
      await refuse(statusOf(error.code), [pageIssueOf(error, STAFF_LANGUAGE)]);
      return;
    }
    res.redirect(303, `/staff/letters/${encodeURIComponent(reference)}?done=${form.done}`);
  });
}

/** The triage list at /staff, one letter at /staff/letters/:reference and its action forms; forms work without JavaScript. */
export function letterPages(deps: LetterPagesDeps): Router {
  const router = Router();

  router.get('/staff', async (req, res) => {
    const viewer = await deps.viewerOf(req);
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
    await triage(deps, req, res, viewer);
  });

  router.get('/staff/letters/:reference', deps.gate('letter.view', 'page'), async (req, res) => {
    await showLetter(deps, res, 200, viewerIn(res), referenceOf(req), { notice: doneText(req.query.done) });
  });

  const { actions } = deps;
  letterAction(router, deps, { name: 'route', permission: 'letter.reroute', schema: actionBodies.route, done: 'rerouted' },
    (f) => ({ office: text(f.office) }),
    (user, ref, b) => reroute(actions, user, ref, b.office));
  letterAction(router, deps, { name: 'status', permission: 'letter.status', schema: actionBodies.status, done: 'status' },
    (f) => ({ status: text(f.status), ...(text(f.note).trim() ? { note: text(f.note) } : {}) }),
    (user, ref, b) => changeStatus(actions, user, ref, b.status, b.note));
  letterAction(router, deps, { name: 'assign', permission: 'letter.assign', schema: actionBodies.assign, done: 'assigned' },
    (f) => ({ assignee: text(f.assignee) }),
    (user, ref, b) => assign(actions, user, ref, b.assignee));
  letterAction(router, deps, { name: 'notes', permission: 'letter.note', schema: actionBodies.note, done: 'noted' },
    (f) => ({ text: text(f.text) }),
    (user, ref, b) => addNote(actions, user, ref, b.text));
  letterAction(router, deps, { name: 'reply', permission: 'letter.reply', schema: actionBodies.reply, done: 'replied' },
    (f) => ({ body: text(f.body) }),
    (user, ref, b) => replyTo(actions, user, ref, b.body));

  return router;
}
