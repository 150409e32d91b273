import { describe, it, expect } from 'vitest';
import { postalAcknowledgementText } from '../../src/post/postal-texts.js';
import { formatLongDate } from '../../src/post/long-date.js';
import { LANGUAGES, type Language } from '../../src/i18n/language.js';

const REF = 'PR-2025-000123-4';
// 23:30 UTC on 31 December is 00:30 on 1 January in Belgrade.
const NEW_YEAR = new Date('2025-12-31T23:30:00Z');
const CYRILLIC = /[\u0400-\u04ff]/;

function text(language: Language, name = 'Marko', surname = 'Marković') {
  return postalAcknowledgementText({ reference: REF, language, receivedAt: NEW_YEAR, name, surname });
}

describe('postalAcknowledgementText', () => {
  it.each(LANGUAGES)('%s: has a title and a body that quotes the reference twice', (language) => {
    const { title, body } = text(language);
    expect(title.length).toBeGreaterThan(0);
    expect(body.split(REF)).toHaveLength(3); // registered under …, quote …
  });

  it('sr-Cyrl is in Cyrillic, with the Belgrade date and the office signature', () => {
    const { title, body } = text('sr-Cyrl', 'Ђорђе', 'Петровић');
    expect(title).toBe('Потврда о пријему писма');
    expect(body).toContain('Поштовани/а Ђорђе Петровић,');
    expect(body).toContain('примљено је 1. јануара 2026. године');
    expect(body).toContain('заведено под бројем PR-2025-000123-4');
    expect(body).toContain('поштом');
    expect(body.trimEnd().endsWith('Кабинет председника Републике Србије')).toBe(true);
    // Apart from the reference, no Latin letters.
    expect(body.replaceAll(REF, '')).not.toMatch(/[A-Za-z]/);
  });

  it('sr-Latn is in Latin script with Serbian diacritics and no Cyrillic', () => {
    const { title, body } = text('sr-Latn', 'Čedomir', 'Šapić');
    expect(title).toBe('Potvrda o prijemu pisma');
    expect(body).toContain('Poštovani/a Čedomir Šapić,');
    expect(body).toContain('primljeno je 1. januara 2026. godine');
    expect(body).toContain('Nadležna služba');
    expect(body.trimEnd().endsWith('Kabinet predsednika Republike Srbije')).toBe(true);
    expect(title + body).not.toMatch(CYRILLIC);
  });

  it('en is in English with no Cyrillic', () => {
    const { title, body } = text('en', 'Jane', 'Doe');
    expect(title).toBe('Acknowledgement of receipt');
    expect(body).toContain('Dear Jane Doe,');
    expect(body).toContain('on 1 January 2026');
    expect(body).toContain('by post');
    expect(body).toContain('please quote reference number PR-2025-000123-4');
    expect(body.trimEnd().endsWith('Office of the President of the Republic of Serbia')).toBe(true);
    expect(title + body).not.toMatch(CYRILLIC);
  });

  it('keeps the name on one line', () => {
    const { body } = text('en', 'Jane\r\nInjected', 'Doe\u2028');
    expect(body.split('\n')[0]).toBe('Dear Jane Injected Doe,');
  });
});

describe('formatLongDate', () => {
  it('uses the calendar date in Belgrade', () => {
    expect(formatLongDate(NEW_YEAR, 'sr-Cyrl')).toBe('1. јануара 2026.');
    expect(formatLongDate(NEW_YEAR, 'sr-Latn')).toBe('1. januara 2026.');
    expect(formatLongDate(NEW_YEAR, 'en')).toBe('1 January 2026');
    expect(formatLongDate(NEW_YEAR, 'sr-Latn', { yearWord: true })).toBe('1. januara 2026. godine');
    // Summer time: 22:30 UTC on 31 July is 00:30 on 1 August.
    expect(formatLongDate(new Date('2025-07-31T22:30:00Z'), 'sr-Cyrl')).toBe('1. августа 2025.');
    expect(formatLongDate(new Date('2025-07-31T21:30:00Z'), 'sr-Cyrl')).toBe('31. јула 2025.');
  });
});
