import type { Language } from '../i18n/language.js';

export type Category = Readonly<{ code: string; name: Readonly<Record<Language, string>> }>;

/** What a citizen can write about; routing rules match on these codes. */
export const CATEGORIES = [
  { code: 'question', name: { 'sr-Cyrl': 'Питање', 'sr-Latn': 'Pitanje', en: 'Question' } },
  { code: 'request', name: { 'sr-Cyrl': 'Молба', 'sr-Latn': 'Molba', en: 'Request' } },
  { code: 'complaint', name: { 'sr-Cyrl': 'Притужба', 'sr-Latn': 'Pritužba', en: 'Complaint' } },
  { code: 'proposal', name: { 'sr-Cyrl': 'Предлог', 'sr-Latn': 'Predlog', en: 'Proposal' } },
  {
    code: 'assistance',
    name: { 'sr-Cyrl': 'Социјална или хуманитарна помоћ', 'sr-Latn': 'Socijalna ili humanitarna pomoć', en: 'Social or humanitarian assistance' },
  },
  { code: 'pardon', name: { 'sr-Cyrl': 'Молба за помиловање', 'sr-Latn': 'Molba za pomilovanje', en: 'Petition for pardon' } },
  { code: 'invitation', name: { 'sr-Cyrl': 'Позив', 'sr-Latn': 'Poziv', en: 'Invitation' } },
  { code: 'media', name: { 'sr-Cyrl': 'Захтев медија', 'sr-Latn': 'Zahtev medija', en: 'Media enquiry' } },
  { code: 'congratulations', name: { 'sr-Cyrl': 'Честитка или захвалница', 'sr-Latn': 'Čestitka ili zahvalnica', en: 'Congratulations or thanks' } },
  { code: 'other', name: { 'sr-Cyrl': 'Остало', 'sr-Latn': 'Ostalo', en: 'Other' } },
] as const satisfies readonly Category[];

export type CategoryCode = (typeof CATEGORIES)[number]['code'];

export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [CategoryCode, ...CategoryCode[]];

export const DEFAULT_CATEGORY: CategoryCode = 'question';
