import type { Pool, PoolClient } from '../db/pool.js';

// A letter's contact fields as its sender completes them (a letter by email
// came without a place and an address).

export type ContactLetter = {
  id: number;
  reference: string;
  language: string;
  contactComplete: boolean;
  trackingTokenHash: Buffer;
};

/** The letter by reference; `lock` holds its row until the transaction ends. */
export async function findContactLetter(db: Pool | PoolClient, reference: string, lock = false): Promise<ContactLetter | undefined> {
  const { rows } = await db.query<{ id: string; reference: string; language: string; contact_complete: boolean; tracking_token_hash: Buffer }>(
    `SELECT id, reference, language, contact_complete, tracking_token_hash FROM submissions WHERE reference = $1${lock ? ' FOR UPDATE' : ''}`,
    [reference],
  );
  const row = rows[0];
  return (
    row && {
      id: Number(row.id),
      reference: row.reference,
      language: row.language,
      contactComplete: row.contact_complete,
      trackingTokenHash: row.tracking_token_hash,
    }
  );
}

export type StoredContact = { municipalityCode: string | null; country: string | null; address: string; phone: string | null };

/**
 * Sets the place and address (and the phone, when given) of a letter whose
 * contact is not complete, marks it complete and writes the `contact_completed`
 * event (no personal data in it). False when the letter was complete already.
 */
export async function saveContact(client: PoolClient, submissionId: number, contact: StoredContact): Promise<boolean> {
  const { rows } = await client.query(
    `WITH done AS (
       UPDATE submissions SET municipality_code = $2, country = $3, address = $4, phone = COALESCE($5, phone),
              contact_complete = true, updated_at = now()
        WHERE id = $1 AND NOT contact_complete
        RETURNING id)
     INSERT INTO submission_events (submission_id, kind, actor_id, data) SELECT id, 'contact_completed', NULL, $6 FROM done
     RETURNING submission_id`,
    [submissionId, contact.municipalityCode, contact.country, contact.address, contact.phone,
      { abroad: contact.country !== null, phone: contact.phone !== null }],
  );
  return rows.length > 0;
}
