import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Pool, PoolClient } from '../db/pool.js';
import type { Person } from './privacy.schema.js';

type Db = Pool | PoolClient;
type Row = Record<string, unknown>;

/** The person's letters not yet anonymised: by email (any case) or by phone (normalised to E.164 as stored). */
export async function lettersOf(db: Db, person: Person): Promise<number[]> {
  const phone = person.phone === undefined ? null : (parsePhoneNumberFromString(person.phone, 'RS')?.number ?? person.phone);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM submissions
      WHERE anonymised_at IS NULL AND (($1::text IS NOT NULL AND lower(email) = lower($1)) OR ($2::text IS NOT NULL AND phone = $2))
      ORDER BY id`,
    [person.email ?? null, phone],
  );
  return rows.map((r) => Number(r.id));
}

export async function referencesOf(db: Db, ids: readonly number[]): Promise<string[]> {
  const { rows } = await db.query<{ reference: string }>('SELECT reference FROM submissions WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]);
  return rows.map((r) => r.reference);
}

export type HeldData = { letters: Row[]; history: Row[]; messages: Row[]; replies: Row[]; printItems: Row[] };

/** Everything held about these letters that is the person's (the office's own notifications are not). */
export async function heldData(db: Db, ids: readonly number[]): Promise<HeldData> {
  const [letters, history, messages, replies, printItems] = await Promise.all([
    db.query<Row>(
      `SELECT reference, channel, status, name, surname, municipality_code, country, address, email, phone, category,
              subject, message, language, received_at, updated_at, postal_received_on, letter_number
         FROM submissions WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    ),
    db.query<Row>(
      `SELECT s.reference, e.at, e.kind, e.data FROM submission_events e JOIN submissions s ON s.id = e.submission_id
        WHERE e.submission_id = ANY($1::bigint[]) ORDER BY e.id`,
      [ids],
    ),
    db.query<Row>(
      `SELECT s.reference, o.kind, o.recipient, o.status, o.subject, o.body_text, o.sent_at FROM outbox o
         JOIN submissions s ON s.id = o.submission_id
        WHERE o.submission_id = ANY($1::bigint[]) AND o.kind <> 'office_notification' ORDER BY o.id`,
      [ids],
    ),
    db.query<Row>(
      `SELECT s.reference, r.body, r.channel, r.created_at FROM replies r JOIN submissions s ON s.id = r.submission_id
        WHERE r.submission_id = ANY($1::bigint[]) ORDER BY r.id`,
      [ids],
    ),
    db.query<Row>(
      `SELECT s.reference, p.kind, p.title, p.body, p.status, p.created_at FROM print_queue p
         JOIN submissions s ON s.id = p.submission_id WHERE p.submission_id = ANY($1::bigint[]) ORDER BY p.id`,
      [ids],
    ),
  ]);
  return { letters: letters.rows, history: history.rows, messages: messages.rows, replies: replies.rows, printItems: printItems.rows };
}
