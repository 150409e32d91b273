import type { Pool, PoolClient } from '../db/pool.js';
import { ANONYMISED } from '../privacy/anonymise.js';
import type { MailContent } from './templates.js';
import { domainOf, outboxMessageId, type MessageKind } from './message-id.js';
import { threadingFor, type ConversationEntry } from './threading.js';

export type NewMessage = MailContent & { kind: MessageKind; recipient: string; replyId?: number };

/** What writing a message needs of the settings: the Message-ID is signed under the key, on MAIL_FROM's domain. */
export type OutboxSigning = { mailSigningKey: string; mailFrom: string };

/** The letter's incoming mail (as placed by the email channel) and what we sent its correspondent, oldest first. */
async function conversationOf(client: PoolClient, submissionId: number): Promise<ConversationEntry[]> {
  const { rows } = await client.query<ConversationEntry>({
    name: 'conversation-of-letter',
    text: `SELECT message_id AS "messageId", direction FROM (
             SELECT message_id, 'in' AS direction, received_at AS at, 0 AS side, id FROM inbound_messages
              WHERE submission_id = $1 AND state IN ('letter', 'reply') AND message_id IS NOT NULL
             UNION ALL
             SELECT message_id, 'out', sent_at, 1, id FROM outbox
              WHERE submission_id = $1 AND kind <> 'office_notification' AND status = 'sent') c
            ORDER BY at, side, id`,
    values: [submissionId],
  });
  return rows;
}

/**
 * Writes the messages unless they exist already; returns the ids of the rows
 * written now. Their ids are reserved first, so each row is written once with
 * its final signed Message-ID. A message to the correspondent of a letter
 * with incoming mail answers the newest of it (In-Reply-To, References).
 */
export async function insertMessages(
  client: PoolClient,
  submissionId: number,
  messages: readonly NewMessage[],
  signing: OutboxSigning,
): Promise<number[]> {
  if (messages.length === 0) return [];
  const { rows: reserved } = await client.query<{ id: string }>({
    name: 'reserve-outbox-ids',
    text: `SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS id FROM generate_series(1, $1)`,
    values: [messages.length],
  });
  const ids = reserved.map((r) => Number(r.id));
  const domain = domainOf(signing.mailFrom);
  const toCorrespondent = (m: NewMessage) => m.kind !== 'office_notification';
  const thread = messages.some(toCorrespondent) ? threadingFor(await conversationOf(client, submissionId)) : undefined;
  const column = <K extends keyof NewMessage>(key: K) => messages.map((m) => m[key] ?? null);
  const { rows } = await client.query<{ id: string }>({
    name: 'insert-messages',
    text: `INSERT INTO outbox (id, submission_id, kind, recipient, message_id, subject, body_text, body_html, reply_id,
                               in_reply_to, thread_references)
           OVERRIDING SYSTEM VALUE
           SELECT u.id, $1, u.kind, u.recipient, u.message_id, u.subject, u.body_text, u.body_html, u.reply_id,
                  u.in_reply_to, u.thread_references
             FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
                         $10::text[], $11::text[])
                  AS u(id, kind, recipient, message_id, subject, body_text, body_html, reply_id, in_reply_to, thread_references)
           ON CONFLICT DO NOTHING RETURNING id`,
    values: [submissionId, ids, column('kind'), column('recipient'),
      messages.map((m, i) => outboxMessageId(signing.mailSigningKey, m.kind, ids[i] as number, domain)),
      column('subject'), column('text'), column('html'), column('replyId'),
      messages.map((m) => (thread && toCorrespondent(m) ? thread.inReplyTo : null)),
      messages.map((m) => (thread && toCorrespondent(m) ? thread.references.join(' ') : null))],
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
  /** The email this message answers, and the conversation up to it (oldest first). */
  inReplyTo: string | null;
  references: string[];
};

/**
 * Takes the message for sending: only a pending one, or one whose sender's
 * lease ran out (it crashed). Undefined when it is sent, failed or being sent.
 */
export async function claimMessage(pool: Pool, id: number, leaseSeconds: number): Promise<ClaimedMessage | undefined> {
  const { rows } = await pool.query<{
    id: string; submission_id: string; kind: MessageKind; recipient: string; message_id: string; subject: string;
    body_text: string; body_html: string; attempts: number; reference: string; tracking_token_pending: string | null;
    in_reply_to: string | null; thread_references: string | null;
  }>({
    name: 'claim-message',
    text: `UPDATE outbox o
        SET status = 'sending', lease_until = now() + make_interval(secs => $2), attempts = o.attempts + 1,
            updated_at = now()
       FROM submissions s
      WHERE o.id = $1 AND s.id = o.submission_id
        AND (o.status = 'pending' OR (o.status = 'sending' AND o.lease_until < now()))
      RETURNING o.id, o.submission_id, o.kind, o.recipient, o.message_id, o.subject, o.body_text, o.body_html,
                o.attempts, s.reference, s.tracking_token_pending, o.in_reply_to, o.thread_references`,
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
      inReplyTo: r.in_reply_to,
      references: r.thread_references ? r.thread_references.split(' ') : [],
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
