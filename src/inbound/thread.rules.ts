import { verifyMessageId, verifyReplyAddress } from '../mail/signing.js';
import { isValidReference } from '../submissions/reference.js';
import type { InboundMail } from './parse.js';

// Whether a person's message belongs to one of our letters. What the message
// itself proves is read here (pure); the store looks the clues up; `decide`
// takes the first kind of clue that names a letter, in the order: our
// Message-ID in In-Reply-To/References, our plus address in To/Cc/Delivered-To,
// the reference in the subject from the letter's own correspondent.
// Anything doubtful is held, never guessed.

export type ThreadContext = { signingKey: string; domain: string; replyAddress: string };

export type Clues = {
  /** Outbox ids from our signed Message-IDs, rightmost reference first. */
  signedOutboxIds: number[];
  /** Every referenced Message-ID, rightmost first, to be looked up in the outbox as sent (before signing). */
  messageIds: string[];
  /** References from our signed plus addresses. */
  replyReferences: string[];
  /** References written in the subject. */
  subjectReferences: string[];
  /** Message-IDs in the shape of our signed ones, on our domain, that do not verify: broken unless the outbox sent them. */
  unverifiedIds: string[];
  /** A plus address of ours whose signature does not verify. */
  brokenSignature: boolean;
};

/** In-Reply-To first, then References from the right (the nearest parent first), each once. */
export function referencedIds(mail: Pick<InboundMail, 'inReplyTo' | 'references'>): string[] {
  return [...new Set([...mail.inReplyTo, ...[...mail.references].reverse()])];
}

/** `<kind.id.hex@domain>`: the shape of our signed Message-IDs. */
const SIGNED_SHAPE = /^<[a-z-]+\.\d{1,18}\.[0-9a-f]+@([^>\s]+)>$/i;

function onOurDomain(id: string, domain: string): boolean {
  return SIGNED_SHAPE.exec(id)?.[1]?.toLowerCase() === domain.toLowerCase();
}

export function threadClues(mail: InboundMail, ctx: ThreadContext): Clues {
  const messageIds = referencedIds(mail);
  const signedOutboxIds: number[] = [];
  const unverifiedIds: string[] = [];
  let brokenSignature = false;
  for (const id of messageIds) {
    const ours = verifyMessageId(ctx.signingKey, id, ctx.domain);
    if (ours) signedOutboxIds.push(ours.id);
    else if (onOurDomain(id, ctx.domain)) unverifiedIds.push(id);
  }
  const [local, domain] = ctx.replyAddress.toLowerCase().split('@') as [string, string];
  const replyReferences: string[] = [];
  for (const address of mail.recipients) {
    if (!address.startsWith(`${local}+`) || !address.endsWith(`@${domain}`)) continue;
    const reference = verifyReplyAddress(ctx.signingKey, ctx.replyAddress, address);
    if (reference) replyReferences.push(reference);
    else brokenSignature = true;
  }
  const subjectReferences = [...mail.subject.toUpperCase().matchAll(/PR-\d{4}-\d{6}-\d/g)]
    .map((m) => m[0])
    .filter(isValidReference);
  return {
    signedOutboxIds: [...new Set(signedOutboxIds)],
    messageIds,
    replyReferences: [...new Set(replyReferences)],
    subjectReferences: [...new Set(subjectReferences)],
    unverifiedIds,
    brokenSignature,
  };
}

/** The clues looked up: the letters each kind of clue names. */
export type Found = {
  /** Referenced Message-IDs that are in the outbox as sent. */
  knownIds: string[];
  byMessageId: number[];
  byReplyAddress: number[];
  bySubject: { submissionId: number; email: string | null }[];
};

export type ThreadDecision =
  | { kind: 'reply'; submissionId: number; via: 'message_id' | 'reply_address' | 'subject' }
  | { kind: 'held'; reason: 'bad_signature' | 'several_candidates' | 'subject_other_sender' }
  | { kind: 'new' };

export function decideThread(clues: Pick<Clues, 'brokenSignature' | 'unverifiedIds'>, found: Found, from: string): ThreadDecision {
  const forged = clues.unverifiedIds.some((id) => !found.knownIds.includes(id));
  if (clues.brokenSignature || forged) return { kind: 'held', reason: 'bad_signature' };
  for (const [via, ids] of [['message_id', found.byMessageId], ['reply_address', found.byReplyAddress]] as const) {
    const letters = [...new Set(ids)];
    if (letters.length > 1) return { kind: 'held', reason: 'several_candidates' };
    if (letters[0] !== undefined) return { kind: 'reply', submissionId: letters[0], via };
  }
  if (found.bySubject.length > 1) return { kind: 'held', reason: 'several_candidates' };
  const bySubject = found.bySubject[0];
  if (!bySubject) return { kind: 'new' };
  return bySubject.email !== null && bySubject.email.toLowerCase() === from.toLowerCase()
    ? { kind: 'reply', submissionId: bySubject.submissionId, via: 'subject' }
    : { kind: 'held', reason: 'subject_other_sender' };
}
