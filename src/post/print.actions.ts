import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import type { Pool } from '../db/pool.js';
import { getMunicipality } from '../geo/municipality.match.js';
import { ApiError, notFound } from '../http/api-error.js';
import { isLanguage, type Language } from '../i18n/language.js';
import { renderLetterPdf } from '../print/letter-pdf.js';
import { currentUser, requireAction } from './guards.js';

export const statusBody = z.strictObject({ status: z.enum(['printed', 'posted']) });
const idOf = (req: Request) => {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
};

const REGION_LOCALE: Record<Language, string> = { 'sr-Cyrl': 'sr-Cyrl', 'sr-Latn': 'sr-Latn', en: 'en' };

/** The last line of the envelope address: the municipality in the letter's script, or the country. */
function placeLine(municipalityCode: string | null, country: string | null, language: Language): string {
  if (municipalityCode) {
    const m = getMunicipality(municipalityCode);
    return m ? (language === 'sr-Cyrl' ? m.nameCyrl : m.nameLatn) : municipalityCode;
  }
  return country ? (new Intl.DisplayNames([REGION_LOCALE[language]], { type: 'region' }).of(country) ?? country) : '';
}

type PrintRow = {
  id: string; kind: string; status: string; title: string; body: string; created_at: Date; reference: string;
  name: string; surname: string; address: string; municipality_code: string | null; country: string | null;
  language: string;
};

const SELECT = `SELECT p.id, p.kind, p.status, p.title, p.body, p.created_at, s.reference, s.name, s.surname, s.address,
                       s.municipality_code, s.country, s.language
                  FROM print_queue p JOIN submissions s ON s.id = p.submission_id`;

export type PrintItem = {
  id: number; reference: string; kind: string; status: string; name: string; surname: string; createdAt: string; pdf: string;
};

/** The print queue: `open` is everything not yet posted. */
export async function listPrintItems(pool: Pool, status: 'pending' | 'printed' | 'posted' | 'open'): Promise<PrintItem[]> {
  const { rows } = await pool.query<PrintRow>(
    `${SELECT} WHERE ${status === 'open' ? "p.status <> 'posted'" : 'p.status = $1'} ORDER BY p.id LIMIT 500`,
    status === 'open' ? [] : [status],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    reference: r.reference,
    kind: r.kind,
    status: r.status,
    name: r.name,
    surname: r.surname,
    createdAt: r.created_at.toISOString(),
    pdf: `/api/v1/staff/print-queue/${r.id}/pdf`,
  }));
}

/** pending → printed → posted (printed may be skipped); audited. 404 for no such item, 409 for a step back. */
export async function markPrintItem(pool: Pool, actorId: number, id: number, to: 'printed' | 'posted') {
  const { rows } = await pool.query<{ id: string }>(
    `UPDATE print_queue
        SET status = $2,
            printed_at = COALESCE(printed_at, now()),
            posted_at = CASE WHEN $2 = 'posted' THEN now() ELSE posted_at END
      WHERE id = $1 AND (status = 'pending' OR (status = 'printed' AND $2 = 'posted'))
      RETURNING id`,
    [id, to],
  );
  if (!rows[0]) {
    const exists = await pool.query('SELECT 1 FROM print_queue WHERE id = $1', [id]);
    throw exists.rowCount ? new ApiError(409, 'illegal_transition', 'illegal_transition') : notFound();
  }
  await audit(pool, { actorId, action: `print.${to}`, targetType: 'print_item', targetId: rows[0].id });
  return { id: Number(rows[0].id), status: to };
}

export function printRoutes(deps: { pool: Pool; clock: () => Date }): Router {
  const { pool } = deps;
  const router = Router();

  router.get('/staff/print-queue', requireAction('print.view'), async (req, res) => {
    const status = z.enum(['pending', 'printed', 'posted', 'open']).default('open').safeParse(req.query.status);
    if (!status.success) throw new ApiError(400, 'bad_request', 'bad_request');
    res.set('Cache-Control', 'no-store').json({ items: await listPrintItems(pool, status.data) });
  });

  router.get('/staff/print-queue/:id/pdf', requireAction('print.view'), async (req, res) => {
    const { rows } = await pool.query<PrintRow>(`${SELECT} WHERE p.id = $1`, [idOf(req)]);
    const item = rows[0];
    if (!item) throw notFound();
    const language: Language = isLanguage(item.language) ? item.language : 'sr-Cyrl';
    const pdf = await renderLetterPdf({
      reference: item.reference,
      language,
      date: deps.clock(),
      recipient: {
        name: item.name,
        surname: item.surname,
        address: item.address,
        place: placeLine(item.municipality_code, item.country, language),
      },
      title: item.title,
      body: item.body,
    });
    await audit(pool, { actorId: currentUser(res).id, action: 'print.rendered', targetType: 'print_item', targetId: item.id });
    res
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', `inline; filename="${item.reference}-${item.kind}-${item.id}.pdf"`)
      .set('Cache-Control', 'no-store')
      .send(pdf);
  });

  router.post('/staff/print-queue/:id', requireAction('print.mark'), express.json({ limit: '1kb' }), async (req, res) => {
    const parsed = statusBody.safeParse(req.body);
    if (!parsed.success) throw new ApiError(422, 'validation_failed', 'validation_failed', { issues: [{ path: 'status', message: 'printed or posted' }] });
    const to = parsed.data.status;
    res.json(await markPrintItem(pool, currentUser(res).id, idOf(req), to));
  });

  return router;
}
