import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { formatReference, yearOfReceipt } from './reference.js';
import { hashToken } from './tracking-token.js';
import { searchTextOf } from './search-text.js';
import type { NewLetter } from './submission.schema.js';
import { STATUSES, type Status } from './status.rules.js';

export type StoredReceipt = { id: number; reference: string; receivedAt: Date };

/**
 * Two statements, no transaction of their own: a number taken for a row that
 * then fails to insert is a gap, as it would be after a rollback.
 */
export async function insertLetter(
  db: Pool | PoolClient,
  letter: NewLetter,
  receivedAt: Date,
  trackingToken: string,
): Promise<StoredReceipt> {
  const year = yearOfReceipt(receivedAt);
  const { rows: seqRows } = await db.query<{ n: string }>({
    name: 'next-reference-number',
    text: 'SELECT next_reference_number($1) AS n',
    values: [year],
  });
  const reference = formatReference(year, Number(seqRows[0]?.n));
  const { rows } = await db.query<{ id: string }>({
    name: 'insert-letter',
    text: `WITH letter AS (
             INSERT INTO submissions (reference, channel, is_spam, name, surname, municipality_code, country, address,
               email, phone, category, subject, message, language, tracking_token_hash, tracking_token_pending,
               received_at, updated_at, postal_received_on, letter_number, entered_by, contact_complete)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $19, $20, $21, $22)
             RETURNING id),
           search AS (INSERT INTO submission_search (submission_id, search_text) SELECT id, $18 FROM letter)
           SELECT id FROM letter`,
    values: [
      reference, letter.channel, letter.isSpam, letter.name, letter.surname, letter.municipalityCode, letter.country,
      letter.address, letter.email, letter.phone, letter.category, letter.subject, letter.message, letter.language,
      hashToken(trackingToken),
      // Kept in plain text only for an acknowledgement to carry; cleared once it is sent.
      letter.email !== null && !letter.isSpam ? trackingToken : null,
      receivedAt,
      searchTextOf({ ...letter, reference }),
      letter.postal?.receivedOn ?? null,
      letter.postal?.letterNumber ?? null,
      letter.postal?.enteredBy ?? null,
      letter.contactComplete ?? true,
    ],
  });
  return { id: Number(rows[0]?.id), reference, receivedAt };
}

export type IdempotencyRecord = { requestHash: Buffer; responseSealed: Buffer };

/** Serialises requests carrying the same key until the holder's transaction ends. */
export async function lockIdempotencyKey(client: PoolClient, keyHash: Buffer): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [keyHash.readBigInt64BE(0).toString()]);
}

export async function findIdempotencyRecord(client: PoolClient, keyHash: Buffer): Promise<IdempotencyRecord | undefined> {
  const { rows } = await client.query<{ request_hash: Buffer; response_sealed: Buffer }>(
    'SELECT request_hash, response_sealed FROM idempotency_keys WHERE key_hash = $1',
    [keyHash],
  );
  const row = rows[0];
  return row && { requestHash: row.request_hash, responseSealed: row.response_sealed };
}

export async function saveIdempotencyRecord(
  client: PoolClient,
  keyHash: Buffer,
  record: IdempotencyRecord,
  submissionId: number,
): Promise<void> {
  await client.query(
    'INSERT INTO idempotency_keys (key_hash, request_hash, submission_id, response_sealed) VALUES ($1, $2, $3, $4)',
    [keyHash, record.requestHash, submissionId, record.responseSealed],
  );
}

export type TrackedLetter = {
  reference: string;
  status: string;
  receivedAt: Date;
  updatedAt: Date;
  trackingTokenHash: Buffer;
  office: { code: string; name: string } | null;
};

export async function findTrackedLetter(pool: Pool, reference: string): Promise<TrackedLetter | undefined> {
  const { rows } = await pool.query<{
    reference: string;
    status: string;
    received_at: Date;
    updated_at: Date;
    tracking_token_hash: Buffer;
    office_code: string | null;
    office_name: string | null;
  }>(
    `SELECT s.reference, s.status, s.received_at, s.updated_at, s.tracking_token_hash,
            o.code AS office_code,
            CASE s.language WHEN 'en' THEN o.name_en WHEN 'sr-Latn' THEN o.name_latn ELSE o.name_cyrl END AS office_name
       FROM submissions s LEFT JOIN offices o ON o.id = s.office_id
      WHERE s.reference = $1`,
    [reference],
  );
  const row = rows[0];
  return (
    row && {
      reference: row.reference,
      status: row.status,
      receivedAt: row.received_at,
      updatedAt: row.updated_at,
      trackingTokenHash: row.tracking_token_hash,
      office: row.office_code && row.office_name ? { code: row.office_code, name: row.office_name } : null,
    }
  );
}

/**
 * Letters by status, every status present (zero when none): the
 * `letters_by_status` gauge at scrape time. The server gives up after
 * `timeoutMs` too, so a slow count does not keep running after the scrape
 * has moved on.
 */
export async function countLettersByStatus(pool: Pool, timeoutMs: number): Promise<Record<Status, number>> {
  const rows = await inTransaction(pool, async (client) => {
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.ceil(timeoutMs))}`);
    const { rows } = await client.query<{ status: Status; n: string }>(
      'SELECT status, count(*) AS n FROM submissions GROUP BY status',
    );
    return rows;
  });
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
