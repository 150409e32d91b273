import { inTransaction, type Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MailSettings } from '../mail/letter-messages.js';
import { domainOf } from '../mail/message-id.js';
import type { Producers } from '../queue/producers.js';
import { audit } from '../staff/audit.store.js';
import { allowed, officeScope, type Action, type StaffUser } from '../staff/permissions.js';
import type { IntakeMetrics } from '../submissions/accept.js';
import type { InboundEntry, InboundState, PenOutcome } from './pen.schema.js';
import { chooseNewLetter, discardHeld, letterByReference, listInboundRecords, lockHeld, type HeldMessage } from './pen.store.js';
import { processInbound, STAFF_NEW_LETTER } from './process-inbound.js';
import { appendToLetter } from './process.store.js';

// The holding pen: what staff do with mail that could not be placed with
// certainty. Each action takes the row under a lock, so two people acting on
// one message at once get one outcome and one 409.

export type PenDeps = {
  pool: Pool;
  logger: Logger;
  producers: Pick<Producers, 'enqueueRoute' | 'enqueueMail'> | undefined;
  metrics?: IntakeMetrics | undefined;
  mail: MailSettings;
  enqueueMail(ids: readonly number[]): Promise<boolean>;
};

function must(user: StaffUser, action: Action): void {
  if (!allowed(user, action)) throw new DomainError('forbidden');
}

/** Newest first. Held mail belongs to no letter: only the pen's people see it; an officer sees their office's letters' mail. */
export async function listInbound(deps: Pick<PenDeps, 'pool'>, user: StaffUser, state: InboundState): Promise<InboundEntry[]> {
  must(user, state === 'held' ? 'inbound.triage' : 'inbound.view');
  const records = await listInboundRecords(deps.pool, state, officeScope(user));
  return records.map((r) => ({
    ...r,
    receivedAt: r.receivedAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  }));
}

/** Locks the row and checks it still waits in the pen. */
async function heldOrThrow(client: Parameters<typeof lockHeld>[0], id: number): Promise<HeldMessage> {
  const held = await lockHeld(client, id);
  if (!held) throw new DomainError('not_found');
  if (held.state !== 'held') throw new DomainError('already_handled');
  return held;
}

const audited = (user: StaffUser, action: string, id: number, details: Record<string, unknown> = {}) => ({
  actorId: user.id, action, targetType: 'inbound_message', targetId: String(id), details,
});

/** Into a letter's conversation, as if it had been threaded there: history line, reopened if answered, its office told. */
export async function attachInbound(deps: PenDeps, user: StaffUser, id: number, reference: string): Promise<PenOutcome> {
  must(user, 'inbound.triage');
  const signing = { key: deps.mail.mailSigningKey, domain: domainOf(deps.mail.mailFrom) };
  const messageIds = await inTransaction(deps.pool, async (client) => {
    const held = await heldOrThrow(client, id);
    const letter = await letterByReference(client, reference);
    if (!letter) throw new DomainError('unknown_letter', { field: 'reference' });
    const inbound = { id, from: held.from ?? '', subject: held.subject, text: held.text };
    const ids = await appendToLetter(client, inbound, letter.id, 'staff', signing);
    await audit(client, audited(user, 'inbound.attached', id, { reference: letter.reference }));
    return ids;
  });
  if (messageIds.length) await deps.enqueueMail(messageIds).catch(() => false);
  return { id, state: 'reply', reference };
}

/**
 * A letter of its own, through the same processing as the worker's: the row
 * is `stored` again with the staff's choice in one transaction, then made a
 * letter; if this process dies in between, the reconciler finishes it.
 */
export async function newLetterFromInbound(deps: PenDeps, user: StaffUser, id: number): Promise<PenOutcome> {
  must(user, 'inbound.triage');
  await inTransaction(deps.pool, async (client) => {
    const held = await heldOrThrow(client, id);
    if (!held.from) throw new DomainError('no_sender');
    await chooseNewLetter(client, id, STAFF_NEW_LETTER);
    await audit(client, audited(user, 'inbound.new_letter', id));
  });
  const result = await processInbound(
    {
      ...deps,
      signingKey: deps.mail.mailSigningKey,
      domain: domainOf(deps.mail.mailFrom),
      replyAddress: deps.mail.mailReplyAddress,
    },
    id,
  );
  return { id, state: 'letter', reference: result.reference ?? null };
}

/** Out of the pen for good; the raw message is kept (mail is never deleted). */
export async function discardInbound(deps: Pick<PenDeps, 'pool'>, user: StaffUser, id: number): Promise<PenOutcome> {
  must(user, 'inbound.triage');
  await inTransaction(deps.pool, async (client) => {
    await heldOrThrow(client, id);
    await discardHeld(client, id);
    await audit(client, audited(user, 'inbound.discarded', id));
  });
  return { id, state: 'discarded', reference: null };
}
