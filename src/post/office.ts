import type { Language } from '../i18n/language.js';

/** The sender of every printed letter, in each language. */
export const OFFICE_NAME: Readonly<Record<Language, string>> = {
  'sr-Cyrl': 'Кабинет председника Републике Србије',
  'sr-Latn': 'Kabinet predsednika Republike Srbije',
  en: 'Office of the President of the Republic of Serbia',
};

export const OFFICE_CITY: Readonly<Record<Language, string>> = {
  'sr-Cyrl': 'Београд',
  'sr-Latn': 'Beograd',
  en: 'Belgrade',
};
