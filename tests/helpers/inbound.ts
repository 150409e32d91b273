import { createHash } from 'node:crypto';
import type { Pool } from '../../src/db/pool.js';
import { inboundJobId, QUEUE_NAMES } from '../../src/queue/jobs.js';
import type { Pipeline } from './pipeline.js';
import { WAIT_MS, waitFor } from './wait.js';

// Raw inbound messages straight into inbound_messages, as the fetcher stores
// them, and run through the real inbound job.

/** A message's bytes from its header lines and body (CRLF line ends; a Buffer body is taken as is). */
export function rawMail(headers: Record<string, string>, body: string | Buffer): Buffer {
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
  const bytes = typeof body === 'string' ? Buffer.from(body.replace(/\r?\n/g, '\r\n'), 'utf8') : body;
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'utf8'), bytes]);
}

/** Stores the bytes as the fetcher would (the same bytes twice are one row); the row's id. */
export async function storeRaw(pool: Pool, raw: Buffer, mailbox = 'dir:test-inbox'): Promise<number> {
  const sha = createHash('sha256').update(raw).digest();
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO inbound_messages (mailbox, raw, raw_sha256, size) VALUES ($1, $2, $3, $4)
     ON CONFLICT (raw_sha256) DO NOTHING RETURNING id`,
    [mailbox, raw, sha, raw.length],
  );
  if (rows[0]) return Number(rows[0].id);
  const found = await pool.query<{ id: string }>('SELECT id FROM inbound_messages WHERE raw_sha256 = $1', [sha]);
  return Number(found.rows[0]?.id);
}

export type InboundRow = { state: string; reason: string | null; submission_id: string | null; message_id: string | null };

export async function inboundRow(pool: Pool, id: number): Promise<InboundRow> {
  const { rows } = await pool.query<InboundRow>('SELECT state, reason, submission_id, message_id FROM inbound_messages WHERE id = $1', [id]);
  if (!rows[0]) throw new Error(`no inbound message ${id}`);
  return rows[0];
}

/** Queues the row's job (a second add of a job still there is a no-op). */
export async function enqueueInbound(p: Pipeline, id: number): Promise<void> {
  await p.connection.queue(QUEUE_NAMES.inbound).add(QUEUE_NAMES.inbound, { inboundId: id }, { jobId: inboundJobId(id), removeOnComplete: true });
}

/** Stores the bytes, runs the inbound job and waits until the row has left `stored`. */
export async function processRaw(p: Pipeline, raw: Buffer): Promise<{ id: number } & InboundRow> {
  const id = await storeRaw(p.db.pool, raw);
  await enqueueInbound(p, id);
  await waitFor(async () => (await inboundRow(p.db.pool, id)).state !== 'stored', WAIT_MS, `inbound ${id} processed`);
  return { id, ...(await inboundRow(p.db.pool, id)) };
}
