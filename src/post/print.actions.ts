import { audit } from '../staff/audit.store.js';
import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { getMunicipality } from '../geo/municipality.match.js';
import { isLanguage, type Language } from '../i18n/language.js';
import { allowed, type Action, type StaffUser } from '../staff/permissions.js';
import { renderLetterPdf } from './letter-pdf.js';
import { printFilter, type PrintItem } from './print.schema.js';
import { findPrintRecord, listPrintRecords, markPrintRecord } from './print.store.js';

const REGION_LOCALE: Record<Language, string> = { 'sr-Cyrl': 'sr-Cyrl', 'sr-Latn': 'sr-Latn', en: 'en' };

/** The last line of the envelope address: the municipality in the letter's script, or the country. */
function placeLine(municipalityCode: string | null, country: string | null, language: Language): string {
  if (municipalityCode) {
    const m = getMunicipality(municipalityCode);
    return m ? (language === 'sr-Cyrl' ? m.nameCyrl : m.nameLatn) : municipalityCode;
  }
  return country ? (new Intl.DisplayNames([REGION_LOCALE[language]], { type: 'region' }).of(country) ?? country) : '';
}

const mayDo = (user: StaffUser, action: Action) => {
  if (!allowed(user, action)) throw new DomainError('forbidden');
};

/** The print queue by status (`open`, the default, is everything not yet posted); an unknown status is a bad query. */
export async function listPrintItems(deps: { pool: Pool }, user: StaffUser, status: unknown): Promise<PrintItem[]> {
  mayDo(user, 'print.view');
  const filter = printFilter.safeParse(status);
  if (!filter.success) throw new DomainError('bad_query');
  const records = await listPrintRecords(deps.pool, filter.data);
  return records.map((r) => ({
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    status: r.status,
    name: r.name,
    surname: r.surname,
    createdAt: r.createdAt.toISOString(),
    pdf: `/api/v1/staff/print-queue/${r.id}/pdf`,
  }));
}

/** The item as an A4 PDF for a window envelope, dated today; audited as rendered. */
export async function renderPrintPdf(deps: { pool: Pool; clock: () => Date }, user: StaffUser, id: number): Promise<{ pdf: Buffer; filename: string }> {
  mayDo(user, 'print.view');
  const item = await findPrintRecord(deps.pool, id);
  if (!item) throw new DomainError('not_found');
  const language: Language = isLanguage(item.language) ? item.language : 'sr-Cyrl';
  const pdf = await renderLetterPdf({
    reference: item.reference,
    language,
    date: deps.clock(),
    recipient: {
      name: item.name,
      surname: item.surname,
      address: item.address,
      place: placeLine(item.municipalityCode, item.country, language),
    },
    title: item.title,
    body: item.body,
  });
  await audit(deps.pool, { actorId: user.id, action: 'print.rendered', targetType: 'print_item', targetId: String(item.id) });
  return { pdf, filename: `${item.reference}-${item.kind}-${item.id}.pdf` };
}

/** pending → printed → posted (printed may be skipped); audited. No such item: not_found; a step back: illegal_transition. */
export async function markPrintItem(deps: { pool: Pool }, user: StaffUser, id: number, to: 'printed' | 'posted') {
  mayDo(user, 'print.mark');
  const outcome = await markPrintRecord(deps.pool, id, to);
  if (outcome === 'no_item') throw new DomainError('not_found');
  if (outcome === 'not_from_here') throw new DomainError('illegal_transition');
  await audit(deps.pool, { actorId: user.id, action: `print.${to}`, targetType: 'print_item', targetId: String(id) });
  return { id, status: to };
}
