import type { Language } from '../i18n/language.js';

// Serbian writes the day of a date with the month in the genitive ("1. јануара 2026."),
// which Intl's sr locales do not give (they print the nominative "1. јануар 2026.").
const MONTHS_GENITIVE: Readonly<Record<'sr-Cyrl' | 'sr-Latn', readonly string[]>> = {
  'sr-Cyrl': ['јануара', 'фебруара', 'марта', 'априла', 'маја', 'јуна', 'јула', 'августа', 'септембра', 'октобра', 'новембра', 'децембра'],
  'sr-Latn': ['januara', 'februara', 'marta', 'aprila', 'maja', 'juna', 'jula', 'avgusta', 'septembra', 'oktobra', 'novembra', 'decembra'],
};

const YEAR_WORD = { 'sr-Cyrl': 'године', 'sr-Latn': 'godine' } as const;

const BELGRADE_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Belgrade',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

const ENGLISH_LONG = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Belgrade' });

/** Year, month (1–12) and day of the calendar date in Belgrade. */
export function belgradeDate(at: Date): { year: number; month: number; day: number } {
  const parts = BELGRADE_PARTS.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/**
 * The calendar date in Belgrade, written out: "1. јануара 2026." / "1. januara 2026." /
 * "1 January 2026". With yearWord, Serbian adds "године"/"godine" after the year
 * ("1. јануара 2026. године"), as in running text; English is unchanged.
 */
export function formatLongDate(at: Date, language: Language, options: { yearWord?: boolean } = {}): string {
  if (language === 'en') return ENGLISH_LONG.format(at);
  const { year, month, day } = belgradeDate(at);
  const monthName = MONTHS_GENITIVE[language][month - 1] ?? String(month);
  const date = `${day}. ${monthName} ${year}.`;
  return options.yearWord ? `${date} ${YEAR_WORD[language]}` : date;
}
