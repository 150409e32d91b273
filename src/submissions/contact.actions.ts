import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';
import { audit } from '../staff/audit.store.js';
import type { ContactFields } from './contact.schema.js';
import { findContactLetter, saveContact, type ContactLetter } from './contact.store.js';
import { isValidReference } from './reference.js';
import { ABROAD } from './submission.schema.js';
import { tokenMatches } from './tracking-token.js';

// A letter by email came without its postal address; its sender completes it
// with the letter's tracking token (the acknowledgement's link carries it).

export type ContactDeps = { pool: Pool; logger: Logger };

/** The letter the reference and token name; an unknown reference and a wrong token are the same `not_found`, after the same work. */
async function letterFor(db: Pool | PoolClient, reference: string, token: string, lock = false): Promise<ContactLetter> {
  const letter = isValidReference(reference) ? await findContactLetter(db, reference, lock) : undefined;
  if (!tokenMatches(token, letter?.trackingTokenHash) || !letter) throw new DomainError('not_found');
  return letter;
}

export type ContactState = { reference: string; language: string; contactComplete: boolean };

/** Whether the letter still needs its contact fields (for the page to show the form or say it is done). */
export async function contactState(pool: Pool, reference: string, token: string): Promise<ContactState> {
  const letter = await letterFor(pool, reference, token);
  return { reference: letter.reference, language: letter.language, contactComplete: letter.contactComplete };
}

/**
 * Sets the letter's place, address and (if given) phone, once: a letter
 * complete already is left as it is (`already`). Written to the letter's
 * history and the audit log, logged by reference only.
 */
export async function completeContact(
  deps: ContactDeps,
  reference: string,
  token: string,
  fields: ContactFields,
): Promise<'completed' | 'already'> {
  const outcome = await inTransaction(deps.pool, async (client) => {
    const letter = await letterFor(client, reference, token, true);
    if (letter.contactComplete) return 'already' as const;
    const abroad = fields.municipality === ABROAD;
    const saved = await saveContact(client, letter.id, {
      municipalityCode: abroad ? null : fields.municipality,
      country: abroad ? (fields.country ?? null) : null,
      address: fields.address,
      phone: fields.phone ?? null,
    });
    if (!saved) return 'already' as const;
    await audit(client, { actorId: null, action: 'letter.contact_completed', targetType: 'submission', targetId: letter.reference, details: { by: 'sender' } });
    return 'completed' as const;
  });
  if (outcome === 'completed') deps.logger.info({ reference }, 'letter contact completed by its sender');
  return outcome;
}
