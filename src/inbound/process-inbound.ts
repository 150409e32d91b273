import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { Producers } from '../queue/producers.js';
import { acceptLetter, type AcceptDeps } from '../submissions/accept.js';
import { classify } from './classify.rules.js';
import { letterFromMail } from './email-letter.rules.js';
import { parseMail, type InboundMail } from './parse.js';
import {
  appendToLetter, findThreadLetters, finish, isOutboxMessageId, isRepeat, lockInbound, markBounced, markLetter, saveParsed,
  submissionIdOf,
} from './process.store.js';
import { decideThread, threadClues } from './thread.rules.js';

// One stored inbound message to its outcome: parsed, classified (own mail,
// bounce, automatic, a person's), threaded (a reply to a letter, or held), or
// made a new letter through the same acceptLetter as every other way in.

export type InboundDeps = {
  pool: Pool;
  logger: Logger;
  /** Absent: letters and notifications are left for the reconciler to queue. */
  producers: Pick<Producers, 'enqueueRoute' | 'enqueueMail'> | undefined;
  metrics?: AcceptDeps['metrics'];
  /** The HMAC key of our Message-IDs and reply addresses. */
  signingKey: string;
  /** The domain of our Message-IDs (MAIL_FROM's). */
  domain: string;
  /** The published address (MAIL_REPLY_ADDRESS). */
  replyAddress: string;
};

type Step =
  | { kind: 'done'; state: string; reason?: string | null; messageIds?: number[] }
  | { kind: 'new'; mail: InboundMail & { from: { address: string; name: string } }; rawSha256: Buffer };

async function place(deps: InboundDeps, client: PoolClient, id: number, mail: InboundMail): Promise<Step> {
  const messageIdInOutbox = await isOutboxMessageId(client, mail.messageId);
  const what = classify(mail, { signingKey: deps.signingKey, domain: deps.domain, messageIdInOutbox });
  if (what.kind === 'own_mail' || what.kind === 'automatic') {
    const reason = what.kind === 'own_mail' ? 'own_mail' : what.reason;
    await finish(client, id, 'dropped', reason);
    return { kind: 'done', state: 'dropped', reason };
  }
  if (what.kind === 'bounce') {
    const letters = await markBounced(client, what.outboxIds, what.messageIds, what.status);
    const reason = letters.length ? null : 'bounce_unmatched';
    await finish(client, id, 'bounce', reason, letters[0] ?? null);
    return { kind: 'done', state: 'bounce', reason };
  }
  const from = mail.from;
  if (!from) {
    await finish(client, id, 'held', 'no_sender');
    return { kind: 'done', state: 'held', reason: 'no_sender' };
  }
  const clues = threadClues(mail, deps);
  const decision = decideThread(clues, await findThreadLetters(client, clues), from.address);
  if (decision.kind === 'reply') {
    const inbound = { id, from: from.address, subject: mail.subject, text: mail.text };
    const messageIds = await appendToLetter(client, inbound, decision.submissionId, decision.via, { key: deps.signingKey, domain: deps.domain });
    return { kind: 'done', state: 'reply', messageIds };
  }
  if (decision.kind === 'held') {
    await finish(client, id, 'held', decision.reason);
    return { kind: 'done', state: 'held', reason: decision.reason };
  }
  return { kind: 'new', mail: { ...mail, from }, rawSha256: Buffer.alloc(0) };
}

/** Staff chose "a new letter" for a held message: it is `stored` again with this reason, and is not classified again. */
export const STAFF_NEW_LETTER = 'staff_new_letter';

async function readAndPlace(deps: InboundDeps, client: PoolClient, id: number): Promise<Step> {
  const row = await lockInbound(client, id);
  if (!row || row.state !== 'stored') return { kind: 'done', state: row?.state ?? 'missing' };
  const chosen = row.reason === STAFF_NEW_LETTER;
  const mail = await parseMail(row.raw).catch(() => undefined);
  // Retrying will not make these bytes readable, nor a message over the limit smaller: staff look at them.
  const hold = row.truncated && !chosen ? 'too_large' : !mail ? 'unparseable' : undefined;
  if (mail) await saveParsed(client, id, mail);
  if (hold || !mail) {
    const reason = hold ?? 'unparseable';
    await finish(client, id, 'held', reason);
    return { kind: 'done', state: 'held', reason };
  }
  if (chosen && mail.from) return { kind: 'new', mail: { ...mail, from: mail.from }, rawSha256: row.rawSha256 };
  if (await isRepeat(client, id, mail)) {
    await finish(client, id, 'dropped', 'duplicate');
    return { kind: 'done', state: 'dropped', reason: 'duplicate' };
  }
  const placed = await place(deps, client, id, mail);
  return placed.kind === 'new' ? { ...placed, rawSha256: row.rawSha256 } : placed;
}

/**
 * The message as a new letter, stored under an Idempotency-Key made from the
 * raw bytes' hash, so a retry after a crash (or staff and the worker at once)
 * finds the same letter; then the message is marked as its origin.
 */
export async function acceptInboundLetter(
  deps: Pick<InboundDeps, 'pool' | 'logger' | 'producers' | 'metrics'>,
  id: number,
  mail: InboundMail & { from: { address: string; name: string } },
  rawSha256: Buffer,
): Promise<{ state: 'letter'; reference: string }> {
  const key = `inbound-${rawSha256.toString('hex')}`;
  const result = await acceptLetter(deps, letterFromMail(mail), new Date(), {
    via: 'email',
    idempotency: { key, body: { inbound: key } },
  });
  if (result.kind === 'conflict') throw new Error(`inbound ${id}: idempotency conflict`);
  const submissionId = result.kind === 'created' ? result.submissionId : await submissionIdOf(deps.pool, result.receipt.reference);
  if (submissionId === undefined) throw new Error(`inbound ${id}: letter ${result.receipt.reference} not found`);
  await markLetter(deps.pool, id, submissionId);
  return { state: 'letter', reference: result.receipt.reference };
}

/** Under a lock on the inbound row: a row no longer `stored` is left alone. A new letter is stored after that transaction. */
export async function processInbound(deps: InboundDeps, id: number): Promise<{ state: string; reference?: string }> {
  const step = await inTransaction(deps.pool, (client) => readAndPlace(deps, client, id));
  if (step.kind === 'done') {
    // Our own mail coming back means a loop somewhere: worth a warning (no address, no subject).
    if (step.reason === 'own_mail') deps.logger.warn({ inboundId: id }, 'our own mail came back; dropped');
    // If this fails the notification stays pending and the reconciler queues it.
    if (step.messageIds?.length) await deps.producers?.enqueueMail(step.messageIds).catch(() => false);
    return { state: step.state };
  }
  return acceptInboundLetter(deps, id, step.mail, step.rawSha256);
}
