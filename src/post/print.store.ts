import type { Pool } from '../db/pool.js';
import type { PrintFilter, PrintStatus } from './print.schema.js';

/** A print item with the letter it belongs to: what the list shows and the PDF prints. */
export type PrintRecord = {
  id: number;
  kind: string;
  status: PrintStatus;
  title: string;
  body: string;
  createdAt: Date;
  reference: string;
  name: string;
  surname: string;
  address: string;
  municipalityCode: string | null;
  country: string | null;
  language: string;
};

type PrintRow = {
  id: string; kind: string; status: PrintStatus; title: string; body: string; created_at: Date; reference: string;
  name: string; surname: string; address: string; municipality_code: string | null; country: string | null;
  language: string;
};

const SELECT = `SELECT p.id, p.kind, p.status, p.title, p.body, p.created_at, s.reference, s.name, s.surname, s.address,
                       s.municipality_code, s.country, s.language
                  FROM print_queue p JOIN submissions s ON s.id = p.submission_id`;

const recordOf = (r: PrintRow): PrintRecord => ({
  id: Number(r.id),
  kind: r.kind,
  status: r.status,
  title: r.title,
  body: r.body,
  createdAt: r.created_at,
  reference: r.reference,
  name: r.name,
  surname: r.surname,
  address: r.address,
  municipalityCode: r.municipality_code,
  country: r.country,
  language: r.language,
});

/** The print queue, oldest first, up to 500 items: `open` is everything not yet posted. */
export async function listPrintRecords(pool: Pool, filter: PrintFilter): Promise<PrintRecord[]> {
  const { rows } = await pool.query<PrintRow>(
    `${SELECT} WHERE ${filter === 'open' ? "p.status <> 'posted'" : 'p.status = $1'} ORDER BY p.id LIMIT 500`,
    filter === 'open' ? [] : [filter],
  );
  return rows.map(recordOf);
}

export async function findPrintRecord(pool: Pool, id: number): Promise<PrintRecord | undefined> {
  const { rows } = await pool.query<PrintRow>(`${SELECT} WHERE p.id = $1`, [id]);
  return rows[0] ? recordOf(rows[0]) : undefined;
}

/**
 * Moves an item on: pending → printed or posted, printed → posted. Which
 * answer: `marked`, `no_item`, or `not_from_here` (a step back or again).
 */
export async function markPrintRecord(pool: Pool, id: number, to: 'printed' | 'posted'): Promise<'marked' | 'no_item' | 'not_from_here'> {
  const { rowCount } = await pool.query(
    `UPDATE print_queue
        SET status = $2,
            printed_at = COALESCE(printed_at, now()),
            posted_at = CASE WHEN $2 = 'posted' THEN now() ELSE posted_at END
      WHERE id = $1 AND (status = 'pending' OR (status = 'printed' AND $2 = 'posted'))`,
    [id, to],
  );
  if (rowCount) return 'marked';
  const exists = await pool.query('SELECT 1 FROM print_queue WHERE id = $1', [id]);
  return exists.rowCount ? 'not_from_here' : 'no_item';
}
