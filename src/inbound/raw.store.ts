import { createHash } from 'node:crypto';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';

/** A message as fetched: the bytes exactly as received, and where they came from. */
export type RawMessage = {
  /** 'imap:<user>@<host>/<folder>' or 'dir:<name>'. */
  mailbox: string;
  /** IMAP only: the folder's UIDVALIDITY and the message's UID (the cursor advances to it). */
  uidValidity?: bigint | number | undefined;
  uid?: bigint | number | undefined;
  raw: Buffer;
  /** The message was over the size limit: `raw` holds its headers only. */
  truncated?: boolean | undefined;
};

export type Stored = { id: number; duplicate: boolean };

export type Cursor = { uidValidity: bigint; lastUid: bigint };

export const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

/**
 * Moves the mailbox's cursor to `uid` (never back within one UIDVALIDITY); a
 * different UIDVALIDITY replaces the cursor, whose last UID then starts from
 * this one.
 */
async function advanceCursor(client: PoolClient, mailbox: string, uidValidity: bigint | number, uid: bigint | number): Promise<void> {
  await client.query(
    `INSERT INTO inbound_cursors (mailbox, uid_validity, last_uid) VALUES ($1, $2, $3)
     ON CONFLICT (mailbox) DO UPDATE SET
       uid_validity = EXCLUDED.uid_validity,
       last_uid = CASE WHEN inbound_cursors.uid_validity = EXCLUDED.uid_validity
                       THEN GREATEST(inbound_cursors.last_uid, EXCLUDED.last_uid)
                       ELSE EXCLUDED.last_uid END,
       updated_at = now()`,
    [mailbox, String(uidValidity), String(uid)],
  );
}

/**
 * Stores the raw bytes (with their SHA-256 and size) and advances the
 * mailbox's cursor in one transaction. The same bytes already stored, or the
 * same mailbox/UIDVALIDITY/UID, insert nothing (`duplicate`, with the id of
 * the row there) but still advance the cursor.
 */
export function storeRawMessage(pool: Pool, message: RawMessage): Promise<Stored> {
  const hash = sha256(message.raw);
  const uidValidity = message.uidValidity === undefined ? null : String(message.uidValidity);
  const uid = message.uid === undefined ? null : String(message.uid);
  return inTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, truncated)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [message.mailbox, uidValidity, uid, message.raw, hash, message.raw.length, message.truncated ?? false],
    );
    let row = inserted.rows[0];
    if (!row) {
      const existing = await client.query<{ id: string }>(
        `SELECT id FROM inbound_messages
          WHERE raw_sha256 = $1 OR (mailbox = $2 AND uid_validity = $3 AND uid = $4)
          ORDER BY id LIMIT 1`,
        [hash, message.mailbox, uidValidity, uid],
      );
      row = existing.rows[0];
    }
    if (message.uidValidity !== undefined && message.uid !== undefined) {
      await advanceCursor(client, message.mailbox, message.uidValidity, message.uid);
    }
    if (!row) throw new Error('inbound message neither inserted nor found');
    return { id: Number(row.id), duplicate: inserted.rows.length === 0 };
  });
}

/** Starts the mailbox over under a new UIDVALIDITY: every UID is new again. */
export async function resetCursor(pool: Pool, mailbox: string, uidValidity: bigint | number): Promise<void> {
  await pool.query(
    `INSERT INTO inbound_cursors (mailbox, uid_validity, last_uid) VALUES ($1, $2, 0)
     ON CONFLICT (mailbox) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = 0, updated_at = now()`,
    [mailbox, String(uidValidity)],
  );
}

export async function readCursor(pool: Pool, mailbox: string): Promise<Cursor | undefined> {
  const { rows } = await pool.query<{ uid_validity: string; last_uid: string }>(
    'SELECT uid_validity, last_uid FROM inbound_cursors WHERE mailbox = $1',
    [mailbox],
  );
  const row = rows[0];
  return row && { uidValidity: BigInt(row.uid_validity), lastUid: BigInt(row.last_uid) };
}
