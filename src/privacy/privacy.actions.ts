import { audit } from '../staff/audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { allowed, type StaffUser } from '../staff/permissions.js';
import { anonymiseLetters, forgetInboundMail } from './anonymise.js';
import type { Person } from './privacy.schema.js';
import { heldData, lettersOf, referencesOf, type HeldData } from './privacy.store.js';

// Citizens' rights: an admin exports everything held about a person, or erases it; both audited.

function mayManage(user: StaffUser): void {
  if (!allowed(user, 'admin.manage')) throw new DomainError('forbidden');
}

export async function exportPerson(pool: Pool, user: StaffUser, person: Person, now: Date): Promise<HeldData & { exportedAt: Date }> {
  mayManage(user);
  const held = await heldData(pool, await lettersOf(pool, person));
  await audit(pool, {
    actorId: user.id,
    action: 'privacy.exported',
    targetType: 'person',
    targetId: null,
    details: { letters: held.letters.map((l) => l.reference as string) },
  });
  return { exportedAt: now, ...held };
}

/** Anonymises the person's letters; returns how many. */
export async function erasePerson(pool: Pool, user: StaffUser, person: Person): Promise<number> {
  mayManage(user);
  return inTransaction(pool, async (client) => {
    const ids = await lettersOf(client, person);
    const references = await referencesOf(client, ids);
    const count = await anonymiseLetters(client, ids);
    // Mail of theirs that never became part of a letter (held, dropped) goes too.
    if (person.email !== undefined) await forgetInboundMail(client, { unlinkedFrom: person.email });
    await audit(client, { actorId: user.id, action: 'privacy.erased', targetType: 'person', targetId: null, details: { letters: references } });
    return count;
  });
}
