import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { getMunicipality } from '../geo/municipality.match.js';
import { isLanguage, type Language } from '../i18n/language.js';
import { domainOf, messageIdFor } from '../mail/message-id.js';
import { insertMessages, type NewMessage } from '../mail/outbox.store.js';
import { acknowledgement, officeNotification, trackingUrl } from '../mail/templates.js';
import { CATEGORIES } from '../submissions/categories.js';
import { routeLetter } from './routing.rules.js';
import { findRuleDescription, loadOffices, loadRules, type Office } from './routing.store.js';

export type RouteDeps = { pool: Pool; publicBaseUrl: string; mailFrom: string };

type LetterRow = {
  id: string; reference: string; channel: 'web' | 'postal'; status: string; is_spam: boolean; name: string;
  surname: string; municipality_code: string | null; country: string | null; address: string; email: string | null;
  phone: string | null; category: string; subject: string | null; message: string; language: string;
  received_at: Date;
};

const countryNames = new Intl.DisplayNames(['sr-Cyrl'], { type: 'region' });

function placeOf(row: LetterRow): string {
  if (row.municipality_code) return getMunicipality(row.municipality_code)?.nameCyrl ?? row.municipality_code;
  return `иностранство: ${row.country ? (countryNames.of(row.country) ?? row.country) : '—'}`;
}

function messagesFor(row: LetterRow, office: Office, ruleDescription: string | null, deps: RouteDeps): NewMessage[] {
  const domain = domainOf(deps.mailFrom);
  const language: Language = isLanguage(row.language) ? row.language : 'sr-Cyrl';
  const category = CATEGORIES.find((c) => c.code === row.category);
  const notification: NewMessage = {
    kind: 'office_notification',
    recipient: office.inboxEmail,
    messageId: messageIdFor(row.reference, 'office_notification', office.inboxEmail, domain),
    ...officeNotification({
      reference: row.reference,
      channel: row.channel,
      receivedAt: row.received_at,
      officeName: office.nameCyrl,
      ruleDescription,
      categoryName: category?.name['sr-Cyrl'] ?? row.category,
      name: row.name,
      surname: row.surname,
      place: placeOf(row),
      address: row.address,
      email: row.email,
      phone: row.phone,
      language,
      subject: row.subject,
      message: row.message,
    }),
  };
  if (row.email === null) return [notification];
  const ack: NewMessage = {
    kind: 'acknowledgement',
    recipient: row.email,
    messageId: messageIdFor(row.reference, 'acknowledgement', row.email, domain),
    ...acknowledgement({
      reference: row.reference,
      name: row.name,
      surname: row.surname,
      language,
      receivedAt: row.received_at,
      trackingUrl: trackingUrl(deps.publicBaseUrl, row.reference),
    }),
  };
  return [notification, ack];
}

async function decide(client: PoolClient, row: LetterRow): Promise<{ office: Office; ruleId: number | null; ruleDescription: string | null }> {
  const offices = await loadOffices(client);
  const fallback = offices.find((o) => o.isDefault);
  if (!fallback) throw new Error('no default office');
  const decision = row.is_spam
    ? { officeId: fallback.id, ruleId: null }
    : routeLetter(
        { category: row.category, subject: row.subject, message: row.message, municipalityCode: row.municipality_code },
        await loadRules(client),
        fallback.id,
      );
  const office = offices.find((o) => o.id === decision.officeId) ?? fallback;
  return { office, ruleId: decision.ruleId, ruleDescription: await findRuleDescription(client, decision.ruleId) };
}

/**
 * Routes one letter, once: under a row lock, a letter no longer `received` is
 * left alone. In the same transaction it writes the outgoing messages: the
 * office's notification and, when there is an email and the letter is not
 * spam, the acknowledgement. Spam is filed with the default office and no mail.
 * Returns the ids of the messages written, for the caller to queue.
 */
export async function routeSubmission(deps: RouteDeps, submissionId: number): Promise<number[]> {
  return inTransaction(deps.pool, async (client) => {
    const { rows } = await client.query<LetterRow>(
      `SELECT id, reference, channel, status, is_spam, name, surname, municipality_code, country, address, email,
              phone, category, subject, message, language, received_at
         FROM submissions WHERE id = $1 FOR UPDATE`,
      [submissionId],
    );
    const row = rows[0];
    if (!row || row.status !== 'received') return [];
    const { office, ruleId, ruleDescription } = await decide(client, row);
    const messages = row.is_spam ? [] : messagesFor(row, office, ruleDescription, deps);
    const carriesToken = messages.some((m) => m.kind === 'acknowledgement');
    await client.query(
      `UPDATE submissions
          SET status = $2, office_id = $3, routed_rule_id = $4, routed_at = now(), updated_at = now(),
              tracking_token_pending = CASE WHEN $5 THEN tracking_token_pending END
        WHERE id = $1`,
      [submissionId, row.is_spam ? 'spam' : 'routed', office.id, ruleId, carriesToken],
    );
    return insertMessages(client, submissionId, messages);
  });
}
