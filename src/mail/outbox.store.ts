import type { Pool, PoolClient } from '../db/pool.js';
import { ANONYMISED } from '../privacy/anonymise.js';
import type { MailContent } from './templates.js';
import type { MessageKind } from './message-id.js';

export type NewMessage = MailContent & { kind: MessageKind; recipient: string; messageId: string; replyId?: number };

/** Writes the messages unless they exist already, in one INSERT; returns the ids of the rows written now. */
export async function insertMessages(client: PoolClient, submissionId: number, messages: readonly NewMessage[]): Promise<number[]> {
  if (messages.length === 0) return [];
  const column = <K extends keyof NewMessage>(key: K) => messages.map((m) => m[key] ?? null);
  const { rows } = await client.query<{ id: string }>({
    name: 'insert-messages',
    text: `INSERT INTO outbox (submission_id, kind, recipient, message_id, subject, body_text, body_html, reply_id)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
           ON CONFLICT DO NOTHING RETURNING id`,
    values: [submissionId, column('kind'), column('recipient'), column('messageId'), column('subject'), column('text'),
      column('html'), column('replyId')],
  });
  return rows.map((r) => Number(r.id));
}

export type ClaimedMessage = {
  id: number;
  submissionId: number;
  kind: MessageKind;
  recipient: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
  reference: string;
  trackingToken: string | null;
};

/**
 * Takes the message for sending: only a pending one, or one whose sender's
 * lease ran out (it crashed). Undefined when it is sent, failed or being sent.
 */
export async function claimMessage(pool: Pool, id: number, leaseSeconds: number): Promise<ClaimedMessage | undefined> {
  const { rows } = await pool.query<{
    id: string; submission_id: string; kind: MessageKind; recipient: string; message_id: string; subject: string;
    body_text: string; body_html: string; attempts: number; reference: string; tracking_token_pending: string | null;
  }>({
    name: 'claim-message',
    text: `UPDATE outbox o
        SET status = 'sending', lease_until = now() + make_interval(secs => $2), attempts = o.attempts + 1,
            updated_at = now()
       FROM submissions s
      WHERE o.id = $1 AND s.id = o.submission_id
        AND (o.status = 'pending' OR (o.status = 'sending' AND o.lease_until < now()))
      RETURNING o.id, o.submission_id, o.kind, o.recipient, o.message_id, o.subject, o.body_text, o.body_html,
                o.attempts, s.reference, s.tracking_token_pending`,
    values: [id, leaseSeconds],
  });
  const r = rows[0];
  return (
    r && {
      id: Number(r.id),
      submissionId: Number(r.submission_id),
      kind: r.kind,
      recipient: r.recipient,
      messageId: r.message_id,
      subject: r.subject,
      text: r.body_text,
      html: r.body_html,
      attempts: r.attempts,
      reference: r.reference,
      trackingToken: r.tracking_token_pending,
    }
  );
}

/**
 * The citizen's message was anonymised while a sender held it ($3: ANONYMISED).
 * Row-local on purpose: a mark waiting on the anonymising transaction's lock
 * re-checks the row as that transaction left it. The server's reply, which may
 * quote the address, is then not stored, and the message is not retried.
 */
const ERASED = `outbox.kind <> 'office_notification' AND outbox.recipient = $3::text || '-' || outbox.id`;

/**
 * Marks the message sent. Once the acknowledgement is out, the plain tracking
 * token it carried is forgotten: from then on only its hash exists. Resolves
 * with the seconds from the letter's receipt to this sending.
 */
export async function markSent(pool: Pool, message: ClaimedMessage, smtpResponse: string): Promise<number | undefined> {
  const { rows } = await pool.query<{ seconds: number | null }>({
    name: 'mark-sent',
    text: `WITH sent AS (
       UPDATE outbox SET status = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL, updated_at = now(),
                         smtp_message_id = CASE WHEN ${ERASED} THEN NULL ELSE $2 END
        WHERE id = $1 RETURNING submission_id, kind, sent_at),
     forgotten AS (
       UPDATE submissions s SET tracking_token_pending = NULL
         FROM sent WHERE s.id = sent.submission_id AND sent.kind = 'acknowledgement')
     SELECT extract(epoch FROM sent.sent_at - s.received_at)::float8 AS seconds
       FROM sent JOIN submissions s ON s.id = sent.submission_id`,
    values: [message.id, smtpResponse.slice(0, 500), ANONYMISED],
  });
  return rows[0]?.seconds ?? undefined;
}

/** Back to pending after a transient failure; the queue retries it later. */
export async function markForRetry(pool: Pool, id: number, error: string): Promise<void> {
  await pool.query({
    name: 'mark-for-retry',
    text: `UPDATE outbox SET status = 'pending', lease_until = NULL, last_error = $2, updated_at = now()
            WHERE id = $1 AND NOT (${ERASED})`,
    values: [id, error, ANONYMISED],
  });
}

export async function markFailed(pool: Pool, message: ClaimedMessage, error: string): Promise<void> {
  await pool.query({
    name: 'mark-failed',
    text: `WITH failed AS (
       UPDATE outbox SET status = 'failed', lease_until = NULL, updated_at = now(),
                         last_error = CASE WHEN ${ERASED} THEN NULL ELSE $2 END
        WHERE id = $1 RETURNING submission_id, kind)
     UPDATE submissions s SET tracking_token_pending = NULL
       FROM failed WHERE s.id = failed.submission_id AND failed.kind = 'acknowledgement'`,
    values: [message.id, error, ANONYMISED],
  });
}

/** Messages that should be moving but may have lost their job: pending past the grace, or sending past the lease. */
export async function findStalledMessages(pool: Pool, graceSeconds: number, limit: number): Promise<number[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM outbox
      WHERE (status = 'pending' AND updated_at < now() - make_interval(secs => $1))
         OR (status = 'sending' AND lease_until < now())
      ORDER BY id LIMIT $2`,
    [graceSeconds, limit],
  );
  return rows.map((r) => Number(r.id));
}
