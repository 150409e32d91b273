import type { PoolClient } from '../db/pool.js';

export const ANONYMISED = 'anonimizovano';

/**
 * Replaces everything personal about these letters and keeps what statistics
 * need (reference, dates, office, category, channel, place, status). Also
 * clears what was derived from the text (search column, similarity keys), the
 * citizen's copies in the outbox with what was derived from the address
 * (recipient, Message-ID, the servers' replies), replies, notes and print
 * items, and the saved idempotent answers. Returns how many letters it anonymised.
 */
export async function anonymiseLetters(client: PoolClient, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowCount } = await client.query(
    `UPDATE submissions
        SET name = $2, surname = $2, address = $2, email = NULL, phone = NULL, subject = NULL, message = $2,
            letter_number = NULL, tracking_token_pending = NULL, fingerprint = NULL,
            anonymised_at = now(), updated_at = now()
      WHERE id = ANY($1::bigint[]) AND anonymised_at IS NULL`,
    [ids, ANONYMISED],
  );
  // What remains searchable is the reference, folded: PR-2026-000001-7 → pr 2026 000001 7.
  await client.query(
    `UPDATE submission_search t SET search_text = translate(lower(s.reference), '-', ' ')
       FROM submissions s WHERE s.id = t.submission_id AND s.id = ANY($1::bigint[])`,
    [ids],
  );
  // The servers' replies (last_error, smtp_message_id) may quote the address, and the
  // Message-IDs of the citizen's messages (older ones carry its hash) and of the mail
  // they answered (some mail programs put the address in them): all go. The office's
  // own notification keeps its Message-ID (no trace of the citizen). A citizen's
  // message not yet sent never will be: it has no recipient or text any more.
  await client.query(
    `UPDATE outbox SET subject = '', body_text = '', body_html = '', last_error = NULL, smtp_message_id = NULL,
            lease_until = NULL,
            recipient = CASE WHEN kind = 'office_notification' THEN recipient ELSE $2 || '-' || id END,
            message_id = CASE WHEN kind = 'office_notification' THEN message_id ELSE '<' || $2 || '.' || id || '@anonymised.invalid>' END,
            in_reply_to = NULL, thread_references = NULL,
            status = CASE WHEN kind <> 'office_notification' AND status IN ('pending', 'sending') THEN 'failed' ELSE status END,
            updated_at = now()
      WHERE submission_id = ANY($1::bigint[])`,
    [ids, ANONYMISED],
  );
  await client.query(`UPDATE replies SET body = '' WHERE submission_id = ANY($1::bigint[])`, [ids]);
  await forgetInboundMail(client, { letters: ids });
  await client.query(`UPDATE print_queue SET title = '', body = '' WHERE submission_id = ANY($1::bigint[])`, [ids]);
  await client.query(
    `UPDATE submission_events SET data = data - 'text' - 'note' WHERE submission_id = ANY($1::bigint[]) AND (data ? 'text' OR data ? 'note')`,
    [ids],
  );
  await client.query('DELETE FROM idempotency_keys WHERE submission_id = ANY($1::bigint[])', [ids]);
  await client.query('DELETE FROM submission_bands WHERE submission_id = ANY($1::bigint[])', [ids]);
  return rowCount ?? 0;
}

/**
 * Mail that came in by email, of these letters or from this address and part
 * of no letter (held, dropped): the raw bytes and everything parsed from them
 * go; the row stays (its state, dates and hash: the same mail fetched again is
 * still recognised and not taken in a second time).
 */
export async function forgetInboundMail(
  client: PoolClient,
  of: { letters: readonly number[] } | { unlinkedFrom: string },
): Promise<void> {
  const [where, value] = 'letters' in of
    ? ['submission_id = ANY($1::bigint[])', of.letters]
    : ['submission_id IS NULL AND lower(from_address) = lower($1)', of.unlinkedFrom];
  await client.query(
    `UPDATE inbound_messages SET raw = ''::bytea, body_text = NULL, from_address = NULL, subject = NULL, message_id = NULL
      WHERE ${where}`,
    [value],
  );
}
