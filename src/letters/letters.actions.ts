import { audit } from '../staff/audit.store.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { officeNotificationMessage, replyMessage, type MailSettings } from '../mail/letter-messages.js';
import { insertMessages } from '../mail/outbox.store.js';
import { reply } from '../mail/templates.js';
import { isLanguage } from '../i18n/language.js';
import { listOffices } from '../routing/routing.store.js';
import { canMove, isStatus, mayReply, mayReroute, statusAfterReply, takesCampaignReply, type Status } from '../submissions/status.rules.js';
import { allowed, canSeeLetter, officeScope, type Action, type StaffUser } from '../staff/permissions.js';
import { findUserByEmail } from '../staff/users.store.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ListQuery } from './letter.schema.js';
import {
  addEvent, campaignLetters, findLetter, insertReply, letterHistory, listLetters, moveToOffice, queueReplyForPrint,
  setAssignee, setStatus, type LetterFilters, type LetterRecord, type LetterSummary,
} from './letters.store.js';

export type ActionDeps = { pool: Pool; mail: MailSettings; enqueueMail(ids: readonly number[]): Promise<boolean> };

/** The guards in front of the API and the pages check this too; an action does not rely on them. */
function must(user: StaffUser, action: Action): void {
  if (!allowed(user, action)) throw new DomainError('forbidden');
}

// ── reading ─────────────────────────────────────────────────────────────────

/** What the triage list asks of the store: one more than a page, to tell if there is a next. */
function triageFilters(query: ListQuery, user: StaffUser, after: LetterFilters['after']): LetterFilters {
  return {
    ...query,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    groupCampaigns: query.group === 'campaign',
    scopeOfficeId: officeScope(user),
    after,
    limit: query.limit + 1,
  };
}

export type TriagePage = { items: LetterSummary[]; nextCursor: string | null };

/** One page of the triage list, newest first, for the API and the triage page alike; a cursor not of ours is bad_cursor. */
export async function triageList(deps: Pick<ActionDeps, 'pool'>, user: StaffUser, query: ListQuery): Promise<TriagePage> {
  must(user, 'letters.list');
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) throw new DomainError('bad_cursor');
  const items = await listLetters(deps.pool, triageFilters(query, user, after));
  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  return { items: page, nextCursor: items.length > query.limit && last ? encodeCursor(last.receivedAt, last.id) : null };
}

export type History = Awaited<ReturnType<typeof letterHistory>>;

/** A letter with its history, audited as an opening of the letter; one this user may not see is not_found. */
export async function viewLetter(deps: Pick<ActionDeps, 'pool'>, user: StaffUser, reference: string): Promise<{ letter: LetterRecord; history: History }> {
  must(user, 'letter.view');
  const letter = await findLetter(deps.pool, reference);
  if (!letter || !canSeeLetter(user, letter)) throw new DomainError('not_found');
  const history = await letterHistory(deps.pool, letter.id);
  await audit(deps.pool, { actorId: user.id, action: 'letter.viewed', targetType: 'submission', targetId: letter.reference });
  return { letter, history };
}

// ── changing ────────────────────────────────────────────────────────────────

/** The letter, locked, if this user may see it; otherwise the same not_found as for a letter that does not exist. */
async function lockLetterFor(client: PoolClient, user: StaffUser, reference: string): Promise<LetterRecord> {
  const letter = await findLetter(client, reference, true);
  if (!letter || !canSeeLetter(user, letter)) throw new DomainError('not_found');
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

export function reroute(deps: ActionDeps, user: StaffUser, reference: string, officeCode: string) {
  must(user, 'letter.reroute');
  return act(deps, user, reference, async (client, letter) => {
    const office = (await listOffices(client)).find((o) => o.active && o.code === officeCode);
    if (!office) throw new DomainError('unknown_office', { field: 'office' });
    if (!mayReroute(letter.status)) throw new DomainError('illegal_transition');
    if (office.id === letter.officeId) return { result: { office: office.code } };
    await moveToOffice(client, letter.id, office.id);
    await addEvent(client, letter.id, 'rerouted', user.id, { from: letter.office?.code ?? null, to: office.code });
    await audit(client, { actorId: user.id, action: 'letter.rerouted', targetType: 'submission', targetId: letter.reference, details: { from: letter.office?.code ?? null, to: office.code } });
    // An office notified before (rerouted away and back) is not told twice: the outbox row is unique.
    const messageIds = await insertMessages(client, letter.id, [
      officeNotificationMessage(letter, office, `преусмерено: ${user.email}`),
    ], deps.mail);
    return { result: { office: office.code }, messageIds };
  });
}

export function changeStatus(deps: ActionDeps, user: StaffUser, reference: string, to: string, note: string | undefined) {
  must(user, 'letter.status');
  return act(deps, user, reference, async (client, letter) => {
    if (!isStatus(to) || !isStatus(letter.status) || !canMove(letter.status, to)) throw new DomainError('illegal_transition');
    await setStatus(client, letter.id, to);
    await addEvent(client, letter.id, 'status_changed', user.id, { from: letter.status, to, ...(note ? { note } : {}) });
    await audit(client, { actorId: user.id, action: 'letter.status_changed', targetType: 'submission', targetId: letter.reference, details: { from: letter.status, to } });
    return { result: { status: to as Status } };
  });
}

export function assign(deps: ActionDeps, user: StaffUser, reference: string, assigneeEmail: string) {
  must(user, 'letter.assign');
  return act(deps, user, reference, async (client, letter) => {
    const assignee = await findUserByEmail(client, assigneeEmail);
    // Letters are worked by the officers of the office they are routed to.
    if (!assignee || assignee.disabled || assignee.role !== 'officer' || assignee.officeId !== letter.officeId) {
      throw new DomainError('not_an_officer', { field: 'assignee' });
    }
    await setAssignee(client, letter.id, assignee.id);
    await addEvent(client, letter.id, 'assigned', user.id, { assignee: assignee.email });
    await audit(client, { actorId: user.id, action: 'letter.assigned', targetType: 'submission', targetId: letter.reference, details: { assignee: assignee.id } });
    return { result: { assignee: assignee.email } };
  });
}

export function addNote(deps: ActionDeps, user: StaffUser, reference: string, text: string) {
  must(user, 'letter.note');
  return act(deps, user, reference, async (client, letter) => {
    await addEvent(client, letter.id, 'note', user.id, { text });
    await audit(client, { actorId: user.id, action: 'letter.note_added', targetType: 'submission', targetId: letter.reference });
    return { result: { ok: true as const } };
  });
}

/**
 * A reply goes by email through the outbox (sent once, retried, visible), or,
 * with no email on file, into the print queue as a letter to post.
 */
export function replyTo(deps: ActionDeps, user: StaffUser, reference: string, body: string) {
  must(user, 'letter.reply');
  return act(deps, user, reference, async (client, letter) => {
    if (!isStatus(letter.status) || !mayReply(letter.status)) throw new DomainError('illegal_transition');
    const after = statusAfterReply(letter.status);
    const channel = letter.email ? ('email' as const) : ('post' as const);
    const replyId = await insertReply(client, letter.id, user.id, body, channel);
    let messageIds: number[] = [];
    if (letter.email) {
      messageIds = await insertMessages(client, letter.id, [replyMessage({ ...letter, email: letter.email }, replyId, body)], deps.mail);
    } else {
      await queueReplyForPrint(client, letter.id, replyId, replyTitle(letter), body);
    }
    if (after !== letter.status) await setStatus(client, letter.id, after);
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
  must(user, 'letter.reply');
  const visible = (await campaignLetters(deps.pool, campaignId)).filter((letter) => canSeeLetter(user, letter));
  if (visible.length === 0) throw new DomainError('not_found');
  const open = visible.filter((letter) => takesCampaignReply(letter.status));
  for (const letter of open) await replyTo(deps, user, letter.reference, body);
  return { replied: open.length, skipped: visible.length - open.length };
}
