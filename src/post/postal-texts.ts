import type { Language } from '../i18n/language.js';
import { formatLongDate } from './long-date.js';
import { OFFICE_NAME } from './office.js';
import { fill } from '../text/fill.js';

export type PostalAcknowledgementInput = {
  reference: string;
  language: Language;
  receivedAt: Date;
  name: string;
  surname: string;
};

export type PostalAcknowledgementText = { title: string; body: string };

const TEXTS = {
  'sr-Cyrl': {
    title: 'Потврда о пријему писма',
    greeting: 'Поштовани/а {name},',
    received: 'Ваше писмо примљено је {date} у Кабинету председника Републике Србије и заведено под бројем {ref}.',
    next: 'Надлежна служба размотриће ваше писмо и, ако буде потребан одговор, послаће вам га поштом на адресу коју сте навели.',
    quote: 'Ако нам поново пишете у вези са овим писмом, молимо вас да наведете број {ref}.',
    closing: 'С поштовањем,',
  },
  'sr-Latn': {
    title: 'Potvrda o prijemu pisma',
    greeting: 'Poštovani/a {name},',
    received: 'Vaše pismo primljeno je {date} u Kabinetu predsednika Republike Srbije i zavedeno pod brojem {ref}.',
    next: 'Nadležna služba razmotriće vaše pismo i, ako bude potreban odgovor, poslaće vam ga poštom na adresu koju ste naveli.',
    quote: 'Ako nam ponovo pišete u vezi sa ovim pismom, molimo vas da navedete broj {ref}.',
    closing: 'S poštovanjem,',
  },
  en: {
    title: 'Acknowledgement of receipt',
    greeting: 'Dear {name},',
    received: 'Your letter was received by the Office of the President of the Republic of Serbia on {date} and registered under reference number {ref}.',
    next: 'The competent service will consider your letter and, if a reply is needed, will send it to you by post to the address you gave.',
    quote: 'If you write to us again about this letter, please quote reference number {ref}.',
    closing: 'Yours sincerely,',
  },
} as const satisfies Record<Language, Record<string, string>>;

/** Control characters and line separators become single spaces: a name is one line. */
const oneLine = (text: string) => text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();

/**
 * The printed acknowledgement for a letter that came by post (or from the web
 * without an email address): paragraphs separated by blank lines, signed by the
 * office. The name is used as written (no transliteration, no vocative).
 */
export function postalAcknowledgementText(input: PostalAcknowledgementInput): PostalAcknowledgementText {
  const t = TEXTS[input.language];
  const values = {
    name: oneLine(`${input.name} ${input.surname}`),
    ref: oneLine(input.reference),
    date: formatLongDate(input.receivedAt, input.language, { yearWord: true }),
  };
  const paragraphs = [
    fill(t.greeting, values),
    fill(t.received, values),
    t.next,
    fill(t.quote, values),
    `${t.closing}\n${OFFICE_NAME[input.language]}`,
  ];
  return { title: t.title, body: paragraphs.join('\n\n') };
}
