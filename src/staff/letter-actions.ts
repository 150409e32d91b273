import { audit } from '../audit/audit.store.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { ApiError, notFound } from '../http/api-error.js';
import { officeNotificationMessage, replyMessage, type MailSettings } from '../mail/letter-messages.js';
import { insertMessages } from '../mail/outbox.store.js';
import { reply } from '../mail/templates.js';
import { isLanguage } from '../i18n/language.js';
import { listOffices } from '../routing/routing.store.js';
import { canMove, isStatus, mayReply, mayReroute, statusAfterReply, takesCampaignReply, type Status } from '../submissions/status.rules.js';
import { addEvent, findLetter, type LetterRecord } from './letters.store.js';
import { canSeeLetter, type StaffUser } from './permissions.js';
import { findUserByEmail } from './users.store.js';

export type ActionDeps = { pool: Pool; mail: MailSettings; enqueueMail(ids: readonly number[]): Promise<boolean> };

/** The letter, locked, if this user may see it; otherwise the same 404 as for a letter that does not exist. */
async function lockLetterFor(client: PoolClient, user: StaffUser, reference: string): Promise<LetterRecord> {
  const letter = await findLetter(client, reference, true);
  if (!letter || !canSeeLetter(user, letter)) throw notFound();
  return letter;
}

async function act<T>(
  deps: ActionDeps,
  user: StaffUser,
  reference: string,
  work: (client: PoolClient, letter: LetterRecord) => Promise<{ result: T; messageIds?: number[] }>,
): Promise<T> {
  const { result, messageIds } = await inTransaction(deps.pool, async (client) => {
    const letter = await lockLetterFor(client, user, reference);
    return work(client, letter);
  });
  // Committed: if queueing fails now, the reconciler picks the messages up.
  if (messageIds?.length) await deps.enqueueMail(messageIds).catch(() => false);
  return result;
}

const replyTitle = (letter: LetterRecord) =>
  reply({ ...letter, language: isLanguage(letter.language) ? letter.language : 'sr-Cyrl', body: '' }).subject;

const conflict = () => new ApiError(409, 'illegal_transition', 'illegal_transition');

export function reroute(deps: ActionDeps, user: StaffUser, reference: string, officeCode: string) {
  return act(deps, user, reference, async (client, letter) => {
    const office = (await listOffices(client)).find((o) => o.active && o.code === officeCode);
    if (!office) throw new ApiError(422, 'validation_failed', 'validation_failed', { issues: [{ path: 'office', message: 'unknown office' }] });
    if (!mayReroute(letter.status)) throw conflict();
    if (office.id === letter.officeId) return { result: { office: office.code } };
    await client.query(
      `UPDATE submissions SET office_id = $2, assignee_id = NULL, updated_at = now(),
              status = CASE WHEN status = 'received' THEN 'routed' ELSE status END
        WHERE id = $1`,
      [letter.id, office.id],
    );
    await addEvent(client, letter.id, 'rerouted', user.id, { from: letter.office?.code ?? null, to: office.code });
    await audit(client, { actorId: user.id, action: 'letter.rerouted', targetType: 'submission', targetId: letter.reference, details: { from: letter.office?.code ?? null, to: office.code } });
    // An office notified before (rerouted away and back) is not told twice: the outbox row is unique.
    const messageIds = await insertMessages(client, letter.id, [
      officeNotificationMessage(letter, office, `преусмерено: ${user.email}`, deps.mail),
    ]);
    return { result: { office: office.code }, messageIds };
  });
}

export function changeStatus(deps: ActionDeps, user: StaffUser, reference: string, to: string, note: string | undefined) {
  return act(deps, user, reference, async (client, letter) => {
    if (!isStatus(to) || !isStatus(letter.status) || !canMove(letter.status, to)) throw conflict();
    await client.query(
      `UPDATE submissions SET status = $2, updated_at = now(),
              closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END
        WHERE id = $1`,
      [letter.id, to],
    );
    await addEvent(client, letter.id, 'status_changed', user.id, { from: letter.status, to, ...(note ? { note } : {}) });
    await audit(client, { actorId: user.id, action: 'letter.status_changed', targetType: 'submission', targetId: letter.reference, details: { from: letter.status, to } });
    return { result: { status: to as Status } };
  });
}

export function assign(deps: ActionDeps, user: StaffUser, reference: string, assigneeEmail: string) {
  return act(deps, user, reference, async (client, letter) => {
    const assignee = await findUserByEmail(client, assigneeEmail);
    // Letters are worked by the officers of the office they are routed to.
    if (!assignee || assignee.disabled || assignee.role !== 'officer' || assignee.officeId !== letter.officeId) {
      throw new ApiError(422, 'validation_failed', 'validation_failed', {
        issues: [{ path: 'assignee', message: 'not an officer of this letter\'s office' }],
      });
    }
    await client.query('UPDATE submissions SET assignee_id = $2, updated_at = now() WHERE id = $1', [letter.id, assignee.id]);
    await addEvent(client, letter.id, 'assigned', user.id, { assignee: assignee.email });
    await audit(client, { actorId: user.id, action: 'letter.assigned', targetType: 'submission', targetId: letter.reference, details: { assignee: assignee.id } });
    return { result: { assignee: assignee.email } };
  });
}

export function addNote(deps: ActionDeps, user: StaffUser, reference: string, text: string) {
  return act(deps, user, reference, async (client, letter) => {
    await addEvent(client, letter.id, 'note', user.id, { text });
    await audit(client, { actorId: user.id, action: 'letter.note_added', targetType: 'submission', targetId: letter.reference });
    return { result: { ok: true } };
  });
}

/**
 * A reply goes by email through the outbox (sent once, retried, visible), or,
 * with no email on file, into the print queue as a letter to post.
 */
export function replyTo(deps: ActionDeps, user: StaffUser, reference: string, body: string) {
  return act(deps, user, reference, async (client, letter) => {
    if (!isStatus(letter.status) || !mayReply(letter.status)) throw conflict();
    const after = statusAfterReply(letter.status);
    const channel = letter.email ? 'email' : 'post';
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO replies (submission_id, author_id, body, channel) VALUES ($1, $2, $3, $4) RETURNING id',
      [letter.id, user.id, body, channel],
    );
    const replyId = Number(rows[0]?.id);
    let messageIds: number[] = [];
    if (letter.email) {
      messageIds = await insertMessages(client, letter.id, [replyMessage({ ...letter, email: letter.email }, replyId, body, deps.mail)]);
    } else {
      await client.query(
        `INSERT INTO print_queue (submission_id, kind, reply_id, title, body) VALUES ($1, 'reply', $2, $3, $4)`,
        [letter.id, replyId, replyTitle(letter), body],
      );
    }
    if (after !== letter.status) {
      await client.query(`UPDATE submissions SET status = $2, updated_at = now() WHERE id = $1`, [letter.id, after]);
    }
    await addEvent(client, letter.id, 'replied', user.id, { replyId, channel });
    await audit(client, { actorId: user.id, action: 'letter.replied', targetType: 'submission', targetId: letter.reference, details: { replyId, channel } });
    return { result: { replyId, channel }, messageIds };
  });
}

/**
 * One answer for a whole campaign: the same reply to every letter of it that
 * this user may see and that is still open for a reply; each letter gets its
 * own reply (email or post) exactly as a single reply would.
 */
export async function replyToCampaign(deps: ActionDeps, user: StaffUser, campaignId: number, body: string) {
  const { rows } = await deps.pool.query<{ reference: string; office_id: string | null; status: string }>(
    'SELECT reference, office_id, status FROM submissions WHERE campaign_id = $1 ORDER BY id',
    [campaignId],
  );
  const visible = rows.filter((r) => canSeeLetter(user, { officeId: r.office_id === null ? null : Number(r.office_id) }));
  if (visible.length === 0) throw notFound();
  const open = visible.filter((r) => takesCampaignReply(r.status));
  for (const letter of open) await replyTo(deps, user, letter.reference, body);
  return { replied: open.length, skipped: visible.length - open.length };
}
