import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import {
  ACK_PER_ADDRESS_PER_DAY, acknowledgementLockKey, EMAIL_ACK_PER_ADDRESS_PER_DAY, isUnanswerableAddress, mayAcknowledge,
} from '../mail/acknowledgement-limit.js';
import { acknowledgementMessage, officeNotificationMessage, type LetterForMail, type MailSettings } from '../mail/letter-messages.js';
import { insertMessages, type NewMessage } from '../mail/outbox.store.js';
import { isLanguage } from '../i18n/language.js';
import { postalAcknowledgementText } from '../post/postal-texts.js';
import { similarityKeys } from '../text/similarity.js';
import { findKin, joinCampaign, type Kinship } from './kinship.js';
import { routeLetter } from './routing.rules.js';
import { ROUTING_CONFIG, type Office, type RuleWithDescription } from './routing.store.js';

export type RouteDeps = {
  pool: Pool;
  /** Acknowledgements one address may get in 24 hours (0: no limit); ACK_PER_ADDRESS_PER_DAY when absent. */
  acknowledgementsPerAddressPerDay?: number;
} & MailSettings;

/** A letter by email: at most one acknowledgement a day to its sender (a sender writing often, or a loop, gets one). */
const acknowledgementLimit = (deps: RouteDeps, channel?: string): number => {
  const limit = deps.acknowledgementsPerAddressPerDay ?? ACK_PER_ADDRESS_PER_DAY;
  return channel === 'email' ? (limit === 0 ? EMAIL_ACK_PER_ADDRESS_PER_DAY : Math.min(limit, EMAIL_ACK_PER_ADDRESS_PER_DAY)) : limit;
};

/** With no email on file, the acknowledgement is a letter to print and post. */
async function queuePostalAcknowledgement(client: PoolClient, submissionId: number, letter: LetterForMail): Promise<void> {
  const text = postalAcknowledgementText({
    reference: letter.reference,
    language: isLanguage(letter.language) ? letter.language : 'sr-Cyrl',
    receivedAt: letter.receivedAt,
    name: letter.name,
    surname: letter.surname,
  });
  await client.query(
    `INSERT INTO print_queue (submission_id, kind, title, body) VALUES ($1, 'acknowledgement', $2, $3) ON CONFLICT DO NOTHING`,
    [submissionId, text.title, text.body],
  );
}

const NO_KIN: Kinship = { duplicateOf: null, campaignId: null, newCampaignMembers: [], mergedCampaigns: [] };

/**
 * The opening of the statement that writes the letter's row ($1 the letter,
 * $2–$5 fingerprint, band keys, campaign, duplicate of): its band keys, for
 * later letters to find it by, and its history line ($6 kind, $7 data).
 */
const BANDS_AND_EVENT = `WITH bands AS (INSERT INTO submission_bands (band, submission_id) SELECT unnest($3::text[]), $1 ON CONFLICT DO NOTHING),
  event AS (INSERT INTO submission_events (submission_id, kind, actor_id, data) VALUES ($1, $6, NULL, $7))`;

type LockedLetter = LetterForMail & { status: string; isSpam: boolean; offices: Office[]; rules: RuleWithDescription[] };
type Decision = { office: Office; ruleId: number | null; ruleDescription: string | null };

function decide(letter: LockedLetter): Decision {
  const { offices, rules } = letter;
  const fallback = offices.find((o) => o.isDefault);
  if (!fallback) throw new Error('no default office');
  const decision = letter.isSpam ? { officeId: fallback.id, ruleId: null } : routeLetter(letter, rules, fallback.id);
  const office = offices.find((o) => o.id === decision.officeId) ?? fallback;
  return { office, ruleId: decision.ruleId, ruleDescription: rules.find((r) => r.id === decision.ruleId)?.description ?? null };
}

/**
 * The office's notification and, when there is an email and the address has
 * not had its day's acknowledgements yet, the acknowledgement. Spam gets none.
 */
async function outgoingMessages(client: PoolClient, letter: LockedLetter, decision: Decision, deps: RouteDeps) {
  const messages: NewMessage[] = [];
  let acknowledgementWithheld = false;
  if (!letter.isSpam) {
    messages.push(officeNotificationMessage(letter, decision.office, decision.ruleDescription));
    if (letter.email !== null && !(letter.channel === 'email' && isUnanswerableAddress(letter.email))) {
      if (await mayAcknowledge(client, letter.email, acknowledgementLimit(deps, letter.channel))) messages.push(acknowledgementMessage({ ...letter, email: letter.email }, deps));
      else acknowledgementWithheld = true;
    }
  }
  return { messages, acknowledgementWithheld };
}

/**
 * Routes one letter, once: under a row lock, a letter no longer `received` is
 * left alone. In the same transaction it writes the outgoing messages: the
 * office's notification and the acknowledgement (`outgoingMessages`). Spam is
 * filed with the default office and no mail.
 * Returns the ids of the messages written, for the caller to queue.
 * Every round trip here is paid per letter, so the letter's row is written once.
 */
export type Routed = { reference: string | null; messageIds: number[] };

export async function routeSubmission(deps: RouteDeps, submissionId: number): Promise<Routed> {
  return inTransaction(deps.pool, async (client) => {
    const { rows } = await client.query<LockedLetter>({
      name: 'lock-letter-for-routing',
      text: `SELECT id, reference, channel, status, is_spam AS "isSpam", name, surname, municipality_code AS "municipalityCode",
                    country, address, email, phone, category, subject, message, language, received_at AS "receivedAt",
                    contact_complete AS "contactComplete", ${ROUTING_CONFIG}
               FROM submissions WHERE id = $1 FOR UPDATE OF submissions`,
      values: [submissionId],
    });
    const letter = rows[0];
    if (!letter || letter.status !== 'received') return { reference: letter?.reference ?? null, messageIds: [] };
    const keys = similarityKeys(letter.message);
    // The address's acknowledgement lock is taken with the kinship locks, in one round trip.
    const alsoLock = letter.email !== null ? [acknowledgementLockKey(letter.email)] : [];
    const kin = letter.isSpam ? NO_KIN : await findKin(client, { ...letter, id: submissionId }, keys, alsoLock);
    await joinCampaign(client, kin);
    const kinColumns = [keys.fingerprint, keys.bands, kin.campaignId, kin.duplicateOf?.id ?? null];
    if (kin.duplicateOf) {
      // The same sender's repeat: filed with the original, nobody is told twice.
      await client.query(
        `${BANDS_AND_EVENT}
         UPDATE submissions SET status = 'duplicate', routed_at = now(), updated_at = now(), tracking_token_pending = NULL,
                office_id = COALESCE($8, (SELECT id FROM offices WHERE is_default)),
                fingerprint = $2, campaign_id = $4, duplicate_of = $5
          WHERE id = $1`,
        [submissionId, ...kinColumns, 'duplicate_of', { reference: kin.duplicateOf.reference }, kin.duplicateOf.officeId],
      );
      return { reference: letter.reference, messageIds: [] };
    }
    const decision = decide(letter);
    const { office, ruleId, ruleDescription } = decision;
    const { messages, acknowledgementWithheld } = await outgoingMessages(client, letter, decision, deps);
    const carriesToken = messages.some((m) => m.kind === 'acknowledgement');
    const event = {
      office: office.code,
      rule: ruleDescription,
      ...(kin.campaignId !== null ? { campaign: kin.campaignId } : {}),
      // Staff see on the letter's history why its sender got no acknowledgement.
      ...(acknowledgementWithheld ? { acknowledgement: { withheld: 'daily_limit', limit: acknowledgementLimit(deps, letter.channel) } } : {}),
    };
    await client.query({
      name: 'mark-letter-routed',
      text: `${BANDS_AND_EVENT}
             UPDATE submissions
                SET status = $8, office_id = $9, routed_rule_id = $10, routed_at = now(), updated_at = now(),
                    tracking_token_pending = CASE WHEN $11 THEN tracking_token_pending END,
                    fingerprint = $2, campaign_id = $4, duplicate_of = $5
              WHERE id = $1`,
      values: [submissionId, ...kinColumns, letter.isSpam ? 'filed_as_spam' : 'routed', event, letter.isSpam ? 'spam' : 'routed',
        office.id, ruleId, carriesToken],
    });
    if (!letter.isSpam && letter.email === null) await queuePostalAcknowledgement(client, submissionId, letter);
    return { reference: letter.reference, messageIds: await insertMessages(client, submissionId, messages, deps) };
  });
}
