import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.js';
import { audit } from '../audit/audit.store.js';
import type { Pool } from '../db/pool.js';
import { ApiError, notFound } from '../http/api-error.js';
import { DEFAULT_LANGUAGE, languageFromAcceptLanguage } from '../i18n/language.js';
import { validationFailed } from '../http/validation.js';
import { CATEGORY_CODES } from '../submissions/categories.js';
import { STATUSES } from '../submissions/status.rules.js';
import { currentUser, requireAction } from '../staff/guards.js';
import { addNote, assign, changeStatus, reroute, replyTo, replyToCampaign, type ActionDeps } from './letters.actions.js';
import { findLetter, letterHistory, listLetters, type LetterFilters } from './letters.store.js';
import { canSeeLetter, officeScope, type StaffUser } from '../staff/permissions.js';

export const listQuerySchema = z.strictObject({
  status: z.enum(STATUSES).optional(),
  office: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/).optional(),
  channel: z.enum(['web', 'postal']).optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().trim().max(200).optional(),
  campaign: z.coerce.number().int().positive().optional(),
  group: z.enum(['campaign']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type ListQuery = z.output<typeof listQuerySchema>;

/** What the triage list asks of the store, for the API and the staff pages alike: one more than a page, to tell if there is a next. */
export function triageFilters(query: ListQuery, user: StaffUser, after: LetterFilters['after']): LetterFilters {
  return {
    ...query,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    groupCampaigns: query.group === 'campaign',
    scopeOfficeId: officeScope(user),
    after,
    limit: query.limit + 1,
  };
}

const badCursor = (): never => {
  throw new ApiError(400, 'bad_request', 'bad_request');
};

const referenceOf = (req: Request) => String(req.params.reference);

const lang = (req: Request) => languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;

function parse<T extends z.ZodType>(schema: T, value: unknown, req: Request): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(parsed.error, lang(req));
  return parsed.data;
}

export const bodies = {
  route: z.strictObject({ office: z.string().min(1).max(40) }),
  status: z.strictObject({ status: z.enum(STATUSES), note: z.string().trim().max(2000).optional() }),
  assign: z.strictObject({ assignee: z.string().trim().max(254) }),
  note: z.strictObject({ text: z.string().trim().min(1).max(5000) }),
  reply: z.strictObject({ body: z.string().trim().min(1).max(20_000) }),
};

export function letterRoutes(deps: ActionDeps): Router {
  const pool: Pool = deps.pool;
  const router = Router();
  const json = express.json({ limit: '64kb' });

  router.get('/staff/submissions', requireAction('letters.list'), async (req, res) => {
    const user = currentUser(res);
    const query = parse(listQuerySchema, req.query, req);
    const items = await listLetters(pool, triageFilters(query, user, query.cursor ? (decodeCursor(query.cursor) ?? badCursor()) : undefined));
    const page = items.slice(0, query.limit);
    const last = page.at(-1);
    res.set('Cache-Control', 'no-store').json({
      items: page.map(({ id: _id, receivedAt, ...item }) => ({ ...item, receivedAt: receivedAt.toISOString() })),
      nextCursor: items.length > query.limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    });
  });

  router.get('/staff/submissions/:reference', requireAction('letter.view'), async (req, res) => {
    const user = currentUser(res);
    const letter = await findLetter(pool, referenceOf(req));
    if (!letter || !canSeeLetter(user, letter)) throw notFound();
    const history = await letterHistory(pool, letter.id);
    await audit(pool, { actorId: user.id, action: 'letter.viewed', targetType: 'submission', targetId: letter.reference });
    const { id: _id, officeId: _officeId, ...visible } = letter;
    res.set('Cache-Control', 'no-store').json({ ...visible, ...history });
  });

  router.post('/staff/submissions/:reference/route', requireAction('letter.reroute'), json, async (req, res) => {
    const body = parse(bodies.route, req.body, req);
    res.json(await reroute(deps, currentUser(res), referenceOf(req), body.office));
  });

  router.post('/staff/submissions/:reference/status', requireAction('letter.status'), json, async (req, res) => {
    const body = parse(bodies.status, req.body, req);
    res.json(await changeStatus(deps, currentUser(res), referenceOf(req), body.status, body.note));
  });

  router.post('/staff/submissions/:reference/assign', requireAction('letter.assign'), json, async (req, res) => {
    const body = parse(bodies.assign, req.body, req);
    res.json(await assign(deps, currentUser(res), referenceOf(req), body.assignee));
  });

  router.post('/staff/submissions/:reference/notes', requireAction('letter.note'), json, async (req, res) => {
    const body = parse(bodies.note, req.body, req);
    res.status(201).json(await addNote(deps, currentUser(res), referenceOf(req), body.text));
  });

  router.post('/staff/submissions/:reference/reply', requireAction('letter.reply'), json, async (req, res) => {
    const body = parse(bodies.reply, req.body, req);
    res.status(201).json(await replyTo(deps, currentUser(res), referenceOf(req), body.body));
  });

  router.post('/staff/campaigns/:id/reply', requireAction('letter.reply'), json, async (req, res) => {
    const body = parse(bodies.reply, req.body, req);
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
    res.status(201).json(await replyToCampaign(deps, currentUser(res), id, body.body));
  });

  return router;
}
