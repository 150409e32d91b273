import type { Language } from '../i18n/language.js';
import { DEFAULT_CATEGORY } from '../submissions/categories.js';
import type { NewLetter } from '../submissions/submission.schema.js';
import type { InboundMail } from './parse.js';

// A person's new message as a letter: the sender's address as its email, the
// display name as name and surname where it splits, no place and no address
// (so its contact is not complete), the text as the message. Pure.

/** The longest message a letter holds (the form's limit). */
export const LETTER_MAX = 10_000;
const SUBJECT_MAX = 200;
const NAME_MAX = 100;

/** Cyrillic → sr-Cyrl; Serbian Latin diacritics → sr-Latn; else en. */
export function detectLanguage(text: string): Language {
  if (/[\u0400-\u04ff]/.test(text)) return 'sr-Cyrl';
  if (/[čćžšđČĆŽŠĐ]/.test(text)) return 'sr-Latn';
  return 'en';
}

const NAME_WORD = /^\p{L}[\p{L}\p{M}'’.-]*$/u;

/** `Petar Petrović` → Petar / Petrović; `Petrović, Petar` the same; anything else: the local part, no surname. */
export function splitName(displayName: string, address: string): { name: string; surname: string; split: boolean } {
  const clean = displayName.normalize('NFC').replace(/["<>]/g, '').replace(/\s+/g, ' ').trim();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(clean);
  const words = (comma ? `${comma[2]} ${comma[1]}` : clean).split(' ').filter(Boolean);
  if (words.length >= 2 && words.every((w) => NAME_WORD.test(w))) {
    const surname = words.at(-1) as string;
    const name = words.slice(0, -1).join(' ');
    if (name.length <= NAME_MAX && surname.length <= NAME_MAX) return { name, surname, split: true };
  }
  const local = (address.split('@')[0] ?? address).slice(0, NAME_MAX);
  return { name: local, surname: '', split: false };
}

const TRUNCATED_NOTE: Record<Language, (n: number) => string> = {
  'sr-Cyrl': (n) => `[… порука је скраћена: имала је ${n} знакова]`,
  'sr-Latn': (n) => `[… poruka je skraćena: imala je ${n} znakova]`,
  en: (n) => `[… message truncated: it had ${n} characters]`,
};

export function letterMessage(text: string, language: Language): string {
  if (text.length <= LETTER_MAX) return text;
  const note = `\n\n${TRUNCATED_NOTE[language](text.length)}`;
  return text.slice(0, LETTER_MAX - note.length).trimEnd() + note;
}

export function letterFromMail(mail: InboundMail & { from: { address: string; name: string } }): NewLetter {
  const language = detectLanguage(`${mail.subject}\n${mail.text}`);
  const { name, surname } = splitName(mail.from.name, mail.from.address);
  const text = mail.text !== '' ? mail.text : mail.subject !== '' ? mail.subject : '—';
  return {
    channel: 'email',
    name,
    surname,
    municipalityCode: null,
    country: null,
    address: '',
    email: mail.from.address,
    phone: null,
    category: DEFAULT_CATEGORY,
    subject: mail.subject === '' ? null : mail.subject.slice(0, SUBJECT_MAX),
    message: letterMessage(text, language),
    language,
    isSpam: false,
    contactComplete: false,
  };
}
