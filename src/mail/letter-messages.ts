import { getMunicipality } from '../geo/municipality.match.js';
import { isLanguage, type Language } from '../i18n/language.js';
import type { Office } from '../routing/routing.store.js';
import { CATEGORIES } from '../submissions/categories.js';
import type { NewLetter } from '../submissions/submission.schema.js';
import type { NewMessage } from './outbox.store.js';
import { acknowledgement, completeContactUrl, officeNotification, reply, trackingUrl } from './templates.js';

/** What the messages about a letter are made from. */
export type LetterForMail = Omit<NewLetter, 'isSpam' | 'postal' | 'language'> & {
  reference: string;
  /** As read back from the row; an unknown value is written in Cyrillic. */
  language: string;
  receivedAt: Date;
};

export type MailSettings = {
  publicBaseUrl: string;
  mailFrom: string;
  /** MAIL_SIGNING_KEY: signs each message's Message-ID when it is written to the outbox. */
  mailSigningKey: string;
  /** MAIL_REPLY_ADDRESS: the published address whose plus addresses are the letters' Reply-To. */
  mailReplyAddress: string;
};

const countryNames = new Intl.DisplayNames(['sr-Cyrl'], { type: 'region' });

const languageOf = (letter: LetterForMail): Language => (isLanguage(letter.language) ? letter.language : 'sr-Cyrl');

export function placeOf(letter: Pick<LetterForMail, 'municipalityCode' | 'country'>): string {
  if (letter.municipalityCode) return getMunicipality(letter.municipalityCode)?.nameCyrl ?? letter.municipalityCode;
  // A letter by email, its place not yet given.
  if (!letter.country) return '—';
  return `иностранство: ${letter.country ? (countryNames.of(letter.country) ?? letter.country) : '—'}`;
}

export function officeNotificationMessage(
  letter: LetterForMail,
  office: Office,
  ruleDescription: string | null,
): NewMessage {
  const category = CATEGORIES.find((c) => c.code === letter.category);
  return {
    kind: 'office_notification',
    recipient: office.inboxEmail,
    ...officeNotification({
      reference: letter.reference,
      channel: letter.channel,
      receivedAt: letter.receivedAt,
      officeName: office.nameCyrl,
      ruleDescription,
      categoryName: category?.name['sr-Cyrl'] ?? letter.category,
      name: letter.name,
      surname: letter.surname,
      place: placeOf(letter),
      address: letter.address,
      email: letter.email,
      phone: letter.phone,
      language: languageOf(letter),
      subject: letter.subject,
      message: letter.message,
    }),
  };
}

export function acknowledgementMessage(letter: LetterForMail & { email: string }, settings: Pick<MailSettings, 'publicBaseUrl' | 'mailFrom'>): NewMessage {
  return {
    kind: 'acknowledgement',
    recipient: letter.email,
    ...acknowledgement({
      reference: letter.reference,
      language: languageOf(letter),
      receivedAt: letter.receivedAt,
      trackingUrl: trackingUrl(settings.publicBaseUrl, letter.reference),
      // A letter by email without its postal address: the same token opens the page that completes it.
      completeUrl: letter.contactComplete === false ? completeContactUrl(settings.publicBaseUrl, letter.reference, languageOf(letter)) : undefined,
    }),
  };
}

export function replyMessage(
  letter: LetterForMail & { email: string },
  replyId: number,
  body: string,
): NewMessage & { replyId: number } {
  return {
    kind: 'reply',
    replyId,
    recipient: letter.email,
    ...reply({ reference: letter.reference, name: letter.name, surname: letter.surname, language: languageOf(letter), body }),
  };
}
