import type { Language } from '../i18n/language.js';
import { escapeHtml, oneLine } from './escape.js';
import { fill } from '../text/fill.js';

export type MailContent = { subject: string; text: string; html: string };

/**
 * Stands in the stored acknowledgement for the tracking token, which exists in
 * plain text only until the acknowledgement is sent; the mail worker puts it in
 * at send time.
 */
export const TRACKING_TOKEN_PLACEHOLDER = '{{tracking-token}}';

export function trackingUrl(publicBaseUrl: string, reference: string): string {
  return `${publicBaseUrl}/status?reference=${encodeURIComponent(reference)}&token=${TRACKING_TOKEN_PLACEHOLDER}`;
}

/** The page where the sender of a letter by email gives the postal address it came without (same token). */
export function completeContactUrl(publicBaseUrl: string, reference: string, language: Language): string {
  return `${publicBaseUrl}/complete?ref=${encodeURIComponent(reference)}&token=${TRACKING_TOKEN_PLACEHOLDER}&lang=${language}`;
}

/**
 * The acknowledgement goes to whatever address the form was given, verified by
 * nobody, so it repeats nothing the sender wrote (not the name, the subject or
 * the message): only our reference, the date and the tracking link. Otherwise
 * anyone could send text of their choosing from our address to anyone.
 */
const ACK = {
  'sr-Cyrl': {
    subject: 'Примили смо ваше писмо {ref}',
    greeting: 'Поштовани/а,',
    received: 'Ваше писмо Кабинету председника примљено је {date} и заведено под бројем {ref}.',
    next: 'Писмо ће прочитати надлежна служба. Ако је потребан одговор, добићете га на адресу коју сте навели. Ово је аутоматска потврда пријема; на њу не одговарајте.',
    track: 'Стање писма можете пратити на адреси:',
    complete: 'Да бисмо вам могли одговорити и поштом, потребна нам је ваша поштанска адреса (место и улица). Унесите је на адреси:',
    signature: 'Кабинет председника',
  },
  'sr-Latn': {
    subject: 'Primili smo vaše pismo {ref}',
    greeting: 'Poštovani/a,',
    received: 'Vaše pismo Kabinetu predsednika primljeno je {date} i zavedeno pod brojem {ref}.',
    next: 'Pismo će pročitati nadležna služba. Ako je potreban odgovor, dobićete ga na adresu koju ste naveli. Ovo je automatska potvrda prijema; na nju ne odgovarajte.',
    track: 'Stanje pisma možete pratiti na adresi:',
    complete: 'Da bismo vam mogli odgovoriti i poštom, potrebna nam je vaša poštanska adresa (mesto i ulica). Unesite je na adresi:',
    signature: 'Kabinet predsednika',
  },
  en: {
    subject: 'We have received your letter {ref}',
    greeting: 'Dear Sir or Madam,',
    received: 'Your letter to the Office of the President was received on {date} and registered under number {ref}.',
    next: 'The competent service will read it. If a reply is needed, you will receive it at the address you gave. This is an automatic acknowledgement; please do not reply to it.',
    track: 'You can follow your letter at:',
    complete: 'So that we can also reply by post, we need your postal address (town and street). Please enter it at:',
    signature: 'Office of the President',
  },
} as const satisfies Record<Language, Record<string, string>>;

// Made once: building an Intl.DateTimeFormat costs far more than formatting with it.
const DATE_FORMATS: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Belgrade' }),
  'sr-Latn': new Intl.DateTimeFormat('sr-Latn-RS', { dateStyle: 'long', timeZone: 'Europe/Belgrade' }),
  'sr-Cyrl': new Intl.DateTimeFormat('sr-Cyrl-RS', { dateStyle: 'long', timeZone: 'Europe/Belgrade' }),
};

const formatDate = (at: Date, language: Language): string => DATE_FORMATS[language].format(at);

function paragraphsHtml(paragraphs: readonly string[]): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  return `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n${body}\n</body></html>\n`;
}

export type AcknowledgementInput = {
  reference: string;
  language: Language;
  receivedAt: Date;
  trackingUrl: string;
  /** A letter that came without its postal address: the page that completes it. */
  completeUrl?: string | undefined;
};

/** Each URL of the text as a link in the HTML (the URLs are ours, no sender's text). */
const linked = (html: string, urls: readonly string[]) =>
  urls.reduce((out, url) => out.split(`${escapeHtml(url)}</p>`).join(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`), html);

export function acknowledgement(input: AcknowledgementInput): MailContent {
  const t = ACK[input.language];
  const values = { ref: input.reference, date: formatDate(input.receivedAt, input.language) };
  const complete = input.completeUrl === undefined ? [] : [`${t.complete}\n${input.completeUrl}`];
  const paragraphs = [t.greeting, fill(t.received, values), t.next, ...complete, `${t.track}\n${input.trackingUrl}`, t.signature];
  const html = linked(paragraphsHtml(paragraphs), [input.trackingUrl, ...(input.completeUrl === undefined ? [] : [input.completeUrl])]);
  return { subject: oneLine(fill(t.subject, values)), text: paragraphs.join('\n\n') + '\n', html };
}

const CHANNEL_NAMES = { web: 'веб', postal: 'пошта', email: 'е-пошта' } as const;

export type OfficeNotificationInput = {
  reference: string;
  channel: 'web' | 'postal' | 'email';
  receivedAt: Date;
  officeName: string;
  ruleDescription: string | null;
  categoryName: string;
  name: string;
  surname: string;
  place: string;
  address: string;
  email: string | null;
  phone: string | null;
  language: Language;
  subject: string | null;
  message: string;
};

/** To the office's inbox, in Serbian Cyrillic: who wrote, from where, why it came to this office, and the letter. */
export function officeNotification(input: OfficeNotificationInput): MailContent {
  const subjectLine = input.subject ? `: ${input.subject}` : '';
  const fields: [string, string][] = [
    ['Број', input.reference],
    ['Примљено', `${formatDate(input.receivedAt, 'sr-Cyrl')} (${CHANNEL_NAMES[input.channel]})`],
    ['Служба', input.officeName],
    ['Распоређено', input.ruleDescription ?? 'подразумевана служба (ниједно правило није одговарало)'],
    ['Врста', input.categoryName],
    ['Име и презиме', `${input.name} ${input.surname}`],
    ['Место', input.place],
    ['Адреса', input.address],
    ['Е-пошта', input.email ?? '—'],
    ['Телефон', input.phone ?? '—'],
    ['Језик', input.language],
    ['Наслов', input.subject ?? '—'],
  ];
  const text = `${fields.map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${input.message}\n`;
  const rows = fields.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n');
  const html =
    `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n<table>\n${rows}\n</table>\n` +
    `<p>${escapeHtml(input.message).replace(/\n/g, '<br>')}</p>\n</body></html>\n`;
  return { subject: oneLine(`[${input.reference}] Ново писмо${subjectLine}`), text, html };
}

const REPLY = {
  'sr-Cyrl': { subject: 'Одговор на ваше писмо {ref}', greeting: 'Поштовани/а {name},', signature: 'Кабинет председника' },
  'sr-Latn': { subject: 'Odgovor na vaše pismo {ref}', greeting: 'Poštovani/a {name},', signature: 'Kabinet predsednika' },
  en: { subject: 'Reply to your letter {ref}', greeting: 'Dear {name},', signature: 'Office of the President' },
} as const satisfies Record<Language, Record<string, string>>;

export type ReplyInput = { reference: string; name: string; surname: string; language: Language; body: string };

/** A staff member's reply, in the citizen's language, with the reference to quote. */
export function reply(input: ReplyInput): MailContent {
  const t = REPLY[input.language];
  const values = { ref: input.reference, name: `${input.name} ${input.surname}` };
  const paragraphs = [fill(t.greeting, values), input.body, `${t.signature}\n${input.reference}`];
  return { subject: oneLine(fill(t.subject, values)), text: paragraphs.join('\n\n') + '\n', html: paragraphsHtml(paragraphs) };
}
