import type { PoolClient } from '../db/pool.js';
import { isNearDuplicateOf, type SimilarityKeys } from '../text/similarity.js';
import { samePerson, type Person } from './kinship.rules.js';

/** Letters this short are too generic ("Хвала!") to be called a campaign. */
const MIN_SHINGLES_FOR_CAMPAIGN = 8;
const DUPLICATE_WINDOW_HOURS = 24;
const CAMPAIGN_WINDOW_DAYS = 30;
const MAX_CANDIDATES = 50;

export type KinLetter = Person & { id: number; receivedAt: Date };

export type Kinship = {
  duplicateOf: { id: number; reference: string; officeId: number | null } | null;
  campaignId: number | null;
  /** Earlier letters found to be of the same campaign that were not yet marked. */
  newCampaignMembers: number[];
  /** Campaigns this letter shows to be one with `campaignId`. */
  mergedCampaigns: number[];
};

type KinRow = {
  duplicate: boolean; id: string; reference: string; office_id: string | null; message: string | null; campaign_id: string | null;
} & { [K in keyof Person]: string | null };

const senderOf = (r: KinRow): Person => ({ email: r.email, phone: r.phone, name: r.name ?? '', surname: r.surname ?? '', address: r.address ?? '' });

/** A campaign is named by its first letter: the smallest id among the matches' campaigns. */
export function campaignOf(matches: readonly { id: number; campaignId: number | null }[]): number | null {
  if (matches.length === 0) return null;
  return Math.min(...matches.map((m) => m.campaignId ?? m.id));
}

/**
 * Same message from the same person (`samePerson`) within 24 hours is a
 * duplicate; a nearly identical message (shingled Jaccard ≥ threshold, found
 * through shared LSH bands) from anyone within 30 days joins a campaign. Takes
 * advisory locks on the fingerprint, the band keys and the caller's `alsoLock`
 * keys (sorted, so never a deadlock): two similar letters routed at once share
 * a key, so the second waits and sees the first. Both lookups go in one
 * statement, after the locks (a statement's snapshot is taken when it starts,
 * so it must start once the locks are held).
 */
export async function findKin(
  client: PoolClient,
  letter: KinLetter,
  keys: SimilarityKeys,
  alsoLock: readonly string[] = [],
): Promise<Kinship> {
  const lockKeys = [`fingerprint:${keys.fingerprint}`, ...keys.bands, ...alsoLock].sort();
  await client.query({
    name: 'kin-locks',
    text: 'SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k ORDER BY k',
    values: [lockKeys],
  });
  const campaignBands = keys.shingles.size < MIN_SHINGLES_FOR_CAMPAIGN ? [] : keys.bands;
  const { rows } = await client.query<KinRow>({
    // Not a named (prepared) statement: a generic plan made while submission_bands was small
    // scans it whole, and stays in use as the table grows (20 ms a letter at 30,000 rows).
    // Whether a sender of the same text is the same person, `samePerson` decides: it folds names
    // and addresses, which SQL cannot. The SQL ranks first the senders the rule takes even with
    // lower() in place of folding, so a large campaign's other senders do not crowd them out.
    text: `(SELECT true AS duplicate, id, reference, office_id, NULL AS message, NULL::bigint AS campaign_id,
                   email, phone, name, surname, address FROM submissions
             WHERE fingerprint = $1 AND id <> $2 AND status NOT IN ('spam', 'duplicate')
               AND received_at BETWEEN $3::timestamptz - make_interval(hours => $4) AND $3::timestamptz
             ORDER BY (email IS NOT NULL AND lower(email) = lower($5))
                        OR (lower(name) = lower($7) AND lower(surname) = lower($8)
                            AND ((phone IS NOT NULL AND phone = $6) OR lower(address) = lower($9))) IS TRUE DESC,
                      id
             LIMIT $12)
           UNION ALL
           (SELECT false, id, reference, office_id, message, campaign_id, NULL, NULL, NULL, NULL, NULL FROM submissions
             -- id = ANY(ARRAY(...)): a primary-key lookup of the few letters sharing a band, in every plan
             WHERE id = ANY(ARRAY(SELECT submission_id FROM submission_bands WHERE band = ANY($10::text[]))) AND id <> $2
               AND status NOT IN ('spam', 'duplicate')
               AND received_at > $3::timestamptz - make_interval(days => $11)
             ORDER BY id LIMIT $12)`,
    values: [keys.fingerprint, letter.id, letter.receivedAt, DUPLICATE_WINDOW_HOURS, letter.email, letter.phone, letter.name,
      letter.surname, letter.address, campaignBands, CAMPAIGN_WINDOW_DAYS, MAX_CANDIDATES],
  });
  const original = rows
    .filter((r) => r.duplicate && samePerson(letter, senderOf(r)))
    .reduce<KinRow | undefined>((first, r) => (first && Number(first.id) < Number(r.id) ? first : r), undefined);
  if (original) {
    return {
      duplicateOf: { id: Number(original.id), reference: original.reference, officeId: original.office_id === null ? null : Number(original.office_id) },
      campaignId: null,
      newCampaignMembers: [],
      mergedCampaigns: [],
    };
  }
  const matches = rows
    .filter((r) => isNearDuplicateOf(keys.shingles, r.message ?? ''))
    .map((r) => ({ id: Number(r.id), campaignId: r.campaign_id === null ? null : Number(r.campaign_id) }));
  const campaignId = campaignOf(matches);
  return {
    duplicateOf: null,
    campaignId,
    newCampaignMembers: matches.filter((m) => m.campaignId === null).map((m) => m.id),
    mergedCampaigns: [...new Set(matches.map((m) => m.campaignId).filter((c) => c !== null && c !== campaignId))] as number[],
  };
}

/** Marks the earlier letters this one showed to be of its campaign, and folds merged campaigns into it. */
export async function joinCampaign(client: PoolClient, kin: Kinship): Promise<void> {
  if (kin.campaignId === null || (!kin.newCampaignMembers.length && !kin.mergedCampaigns.length)) return;
  await client.query(
    `UPDATE submissions SET campaign_id = $1
      WHERE (id = ANY($2::bigint[]) AND campaign_id IS NULL) OR campaign_id = ANY($3::bigint[])`,
    [kin.campaignId, kin.newCampaignMembers, kin.mergedCampaigns],
  );
}
