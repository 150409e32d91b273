import type { PoolClient } from '../db/pool.js';
import type { InboundMail } from './parse.js';
import { replyNotification } from './reply-notification.js';
import type { Found } from './thread.rules.js';
import { outboxMessageId } from '../mail/message-id.js';

// The SQL of processing one stored inbound message (inside the caller's
// transaction, the inbound row locked).

export type LockedInbound = { id: number; state: string; reason: string | null; raw: Buffer; rawSha256: Buffer; truncated: boolean };

export type Outcome = 'letter' | 'reply' | 'bounce' | 'dropped' | 'held';

export async function lockInbound(client: PoolClient, id: number): Promise<LockedInbound | undefined> {
  const { rows } = await client.query<{ id: string; state: string; reason: string | null; raw: Buffer; raw_sha256: Buffer; truncated: boolean }>(
    'SELECT id, state, reason, raw, raw_sha256, truncated FROM inbound_messages WHERE id = $1 FOR UPDATE',
    [id],
  );
  const r = rows[0];
  return r && { id: Number(r.id), state: r.state, reason: r.reason, raw: r.raw, rawSha256: r.raw_sha256, truncated: r.truncated };
}

export async function saveParsed(client: PoolClient, id: number, mail: InboundMail): Promise<void> {
  await client.query(
    `UPDATE inbound_messages SET message_id = $2, from_address = $3, subject = $4, sent_at = $5, body_text = $6 WHERE id = $1`,
    [id, mail.messageId.slice(0, 998), mail.from?.address ?? null, mail.subject.slice(0, 998), mail.date, mail.text],
  );
}

/** Another message already handled with the same Message-ID, From and Date (never Message-ID alone: senders reuse them). */
export async function isRepeat(client: PoolClient, id: number, mail: InboundMail): Promise<boolean> {
  if (mail.syntheticMessageId || !mail.from || !mail.date) return false;
  const { rows } = await client.query(
    `SELECT 1 FROM inbound_messages
      WHERE message_id = $2 AND lower(from_address) = $3 AND sent_at = $4 AND id <> $1 AND state <> 'stored' LIMIT 1`,
    [id, mail.messageId, mail.from.address.toLowerCase(), mail.date],
  );
  return rows.length > 0;
}

export async function isOutboxMessageId(client: PoolClient, messageId: string): Promise<boolean> {
  const { rows } = await client.query('SELECT 1 FROM outbox WHERE message_id = $1', [messageId]);
  return rows.length > 0;
}

export async function finish(client: PoolClient, id: number, state: Outcome, reason: string | null, submissionId: number | null = null): Promise<void> {
  await client.query(
    `UPDATE inbound_messages SET state = $2, reason = $3, submission_id = $4, handled_at = now() WHERE id = $1`,
    [id, state, reason, submissionId],
  );
}

/** Marks the sent messages the report is about `bounced`; returns their letters. */
export async function markBounced(
  client: PoolClient,
  outboxIds: readonly number[],
  messageIds: readonly string[],
  status: string | null,
): Promise<number[]> {
  const { rows } = await client.query<{ submission_id: string }>(
    `UPDATE outbox SET status = 'bounced', dsn_status = $3, lease_until = NULL, updated_at = now()
      WHERE (id = ANY($1::bigint[]) OR message_id = ANY($2::text[])) AND status IN ('sent', 'bounced')
      RETURNING submission_id`,
    [outboxIds, messageIds, status],
  );
  return rows.map((r) => Number(r.submission_id));
}

export async function findThreadLetters(
  client: PoolClient,
  clues: { signedOutboxIds: number[]; messageIds: string[]; replyReferences: string[]; subjectReferences: string[] },
): Promise<Found> {
  // One after another: a client runs one query at a time (pg refuses overlapping ones on a client).
  const byMessageId = await client.query<{ submission_id: string; message_id: string }>(
    'SELECT submission_id, message_id FROM outbox WHERE id = ANY($1::bigint[]) OR message_id = ANY($2::text[])',
    [clues.signedOutboxIds, clues.messageIds],
  );
  const byReply = await client.query<{ id: string }>('SELECT id FROM submissions WHERE reference = ANY($1::text[])', [clues.replyReferences]);
  const bySubject = await client.query<{ id: string; email: string | null }>(
    'SELECT id, email FROM submissions WHERE reference = ANY($1::text[])',
    [clues.subjectReferences],
  );
  return {
    knownIds: byMessageId.rows.map((r) => r.message_id),
    byMessageId: byMessageId.rows.map((r) => Number(r.submission_id)),
    byReplyAddress: byReply.rows.map((r) => Number(r.id)),
    bySubject: bySubject.rows.map((r) => ({ submissionId: Number(r.id), email: r.email })),
  };
}

/**
 * The message joins the letter's conversation: a history line, an answered
 * letter is open again (`in_progress`), and the letter's office gets a
 * notification (one per incoming message). Returns the notification's outbox
 * id, for the caller to queue once this commits.
 */
export async function appendToLetter(
  client: PoolClient,
  inbound: { id: number; from: string; subject: string; text: string },
  submissionId: number,
  via: string,
  signing: { key: string; domain: string },
): Promise<number[]> {
  const { rows } = await client.query<{ status: string; reference: string; inbox_email: string | null }>(
    `SELECT s.status, s.reference, o.inbox_email FROM submissions s LEFT JOIN offices o ON o.id = s.office_id
      WHERE s.id = $1 FOR UPDATE OF s`,
    [submissionId],
  );
  const letter = rows[0];
  const reopened = letter?.status === 'answered';
  await client.query(
    `WITH event AS (INSERT INTO submission_events (submission_id, kind, actor_id, data) VALUES ($1, 'email_received', NULL, $2))
     UPDATE submissions SET updated_at = now(), status = CASE WHEN $3 THEN 'in_progress' ELSE status END WHERE id = $1`,
    [submissionId, { inbound: inbound.id, via, ...(reopened ? { reopened: true } : {}) }, reopened],
  );
  await finish(client, inbound.id, 'reply', null, submissionId);
  if (!letter?.inbox_email) return [];
  const note = replyNotification({ ...inbound, reference: letter.reference, reopened });
  // The row's id first: its Message-ID is signed with it, as every outbox row's is.
  const { rows: reserved } = await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS id`);
  const id = Number(reserved[0]?.id);
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO outbox (id, submission_id, kind, recipient, message_id, subject, body_text, body_html, inbound_id)
     OVERRIDING SYSTEM VALUE
     VALUES ($1, $2, 'reply_notification', $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
    [id, submissionId, letter.inbox_email, outboxMessageId(signing.key, 'reply_notification', id, signing.domain), note.subject, note.text, note.html, inbound.id],
  );
  return inserted.rows.map((r) => Number(r.id));
}

/** Once the letter exists: the message is its origin. */
export async function markLetter(client: PoolClient | { query: PoolClient['query'] }, inboundId: number, submissionId: number): Promise<void> {
  await client.query(
    `UPDATE inbound_messages SET state = 'letter', reason = NULL, submission_id = $2, handled_at = now()
      WHERE id = $1 AND state = 'stored'`,
    [inboundId, submissionId],
  );
}

export async function submissionIdOf(client: { query: PoolClient['query'] }, reference: string): Promise<number | undefined> {
  const { rows } = await client.query<{ id: string }>('SELECT id FROM submissions WHERE reference = $1', [reference]);
  return rows[0] ? Number(rows[0].id) : undefined;
}
