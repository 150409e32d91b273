import type { Pool, PoolClient } from '../db/pool.js';
import { ENTRY_TEXT_MAX, type InboundState } from './pen.schema.js';

// The SQL of the holding pen: the list, and the held row locked for a staff action.

export type InboundRecord = {
  id: number;
  state: InboundState;
  reason: string | null;
  receivedAt: Date;
  from: string | null;
  subject: string | null;
  sentAt: Date | null;
  text: string;
  size: number;
  truncated: boolean;
  reference: string | null;
};

type Row = {
  id: string; state: InboundState; reason: string | null; received_at: Date; from_address: string | null; subject: string | null;
  sent_at: Date | null; text: string; size: number; truncated: boolean; reference: string | null;
};

const toRecord = (r: Row): InboundRecord => ({
  id: Number(r.id), state: r.state, reason: r.reason, receivedAt: r.received_at, from: r.from_address, subject: r.subject,
  sentAt: r.sent_at, text: r.text, size: r.size, truncated: r.truncated, reference: r.reference,
});

/** Newest first, at most 200; `officeId` limits it to that office's letters. */
export async function listInboundRecords(pool: Pool, state: InboundState, officeId: number | null): Promise<InboundRecord[]> {
  const { rows } = await pool.query<Row>(
    `SELECT m.id, m.state, m.reason, m.received_at, m.from_address, m.subject, m.sent_at,
            left(coalesce(m.body_text, ''), $3) AS text, m.size, m.truncated, s.reference
       FROM inbound_messages m LEFT JOIN submissions s ON s.id = m.submission_id
      WHERE m.state = $1 AND ($2::bigint IS NULL OR s.office_id = $2)
      ORDER BY m.received_at DESC, m.id DESC LIMIT 200`,
    [state, officeId, ENTRY_TEXT_MAX],
  );
  return rows.map(toRecord);
}

export type HeldMessage = { id: number; state: string; from: string | null; subject: string; text: string; truncated: boolean };

/** The row under a lock, whatever its state (the caller checks it is held). */
export async function lockHeld(client: PoolClient, id: number): Promise<HeldMessage | undefined> {
  const { rows } = await client.query<{ id: string; state: string; from_address: string | null; subject: string | null; body_text: string | null; truncated: boolean }>(
    'SELECT id, state, from_address, subject, body_text, truncated FROM inbound_messages WHERE id = $1 FOR UPDATE',
    [id],
  );
  const r = rows[0];
  return r && { id: Number(r.id), state: r.state, from: r.from_address, subject: r.subject ?? '', text: r.body_text ?? '', truncated: r.truncated };
}

/** Staff chose: the message is stored again with the reason that makes processing take it as a new letter. */
export async function chooseNewLetter(client: PoolClient, id: number, reason: string): Promise<void> {
  await client.query(`UPDATE inbound_messages SET state = 'stored', reason = $2, handled_at = NULL WHERE id = $1`, [id, reason]);
}

export async function discardHeld(client: PoolClient, id: number): Promise<void> {
  await client.query(`UPDATE inbound_messages SET state = 'discarded', handled_at = now() WHERE id = $1`, [id]);
}

export async function letterByReference(client: PoolClient, reference: string): Promise<{ id: number; reference: string } | undefined> {
  const { rows } = await client.query<{ id: string; reference: string }>('SELECT id, reference FROM submissions WHERE reference = $1', [reference]);
  return rows[0] && { id: Number(rows[0].id), reference: rows[0].reference };
}
