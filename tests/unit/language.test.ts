import { describe, it, expect } from 'vitest';
import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, languageFromAcceptLanguage } from '../../src/i18n/language.js';

describe('languageFromAcceptLanguage', () => {
  it.each([
    ['sr-Latn', 'sr-Latn'],
    ['sr-Latn-RS', 'sr-Latn'],
    ['sr-Latn-ME', 'sr-Latn'],
    ['sr-latn', 'sr-Latn'],
    ['SR-LATN-RS', 'sr-Latn'],
    ['sr', 'sr-Cyrl'],
    ['sr-RS', 'sr-Cyrl'],
    ['sr-Cyrl', 'sr-Cyrl'],
    ['sr-Cyrl-RS', 'sr-Cyrl'],
    ['SR', 'sr-Cyrl'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['EN-us', 'en'],
  ])('when the header is %j, then the language is %s', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });

  it.each([
    ['en;q=0.5, sr-Latn;q=0.9', 'sr-Latn'],
    ['en;q=0.9, sr-Latn;q=0.5', 'en'],
    ['sr-Latn;q=0.8, sr;q=0.9', 'sr-Cyrl'],
    ['en-US;q=0.7, sr-Latn-RS', 'sr-Latn'], // no q means q=1
    ['sr;q=0.3, en;q=0.3', 'sr-Cyrl'], // equal q: the earlier one
    ['en;q=0.3, sr;q=0.3', 'en'],
    ['sr-Latn, sr-Cyrl', 'sr-Latn'], // equal q (1): header order
    ['sr-Cyrl, sr-Latn', 'sr-Cyrl'],
    ['en-US,en;q=0.9,sr-Latn;q=0.8', 'en'],
    ['sr-Latn;q=0.001, en;q=0.0001', 'sr-Latn'],
    ['en; q=0.5 , sr-Latn ; q=0.9', 'sr-Latn'], // whitespace around ";" and ","
    ['en;Q=0.5, sr-Latn;Q=0.9', 'sr-Latn'], // "q" is case-insensitive (RFC 9110 §12.4.2, ABNF literals)
  ])('when the header is %j, then the highest q-value wins, then header order: %s', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });

  it.each([
    ['de;q=1, fr;q=0.9, sr-Latn;q=0.1', 'sr-Latn'],
    ['de-DE, fr-FR;q=0.9, en;q=0.1', 'en'],
    ['*, sr;q=0.5', 'sr-Cyrl'],
  ])('when better-ranked languages are ones we do not have (%j), then the best one we have wins: %s', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });

  it.each([
    ['de'],
    ['de, fr'],
    ['de-DE,de;q=0.9,fr;q=0.8'],
    ['*'],
    ['hr, bs, sl'], // neighbouring languages are not Serbian
    ['srp'], // not the tag "sr"
    ['sr_Latn'], // not a tag separator
    ['english'],
  ])('when the header %j names only languages we do not have, then there is none', (header) => {
    expect(languageFromAcceptLanguage(header)).toBeUndefined();
  });

  it.each([
    ['sr;q=0, en', 'en'],
    ['sr-Latn;q=0, sr;q=0.5', 'sr-Cyrl'],
    ['en;q=0.0, sr-Latn;q=0.1', 'sr-Latn'],
    ['en;q=0.000, sr-Latn;q=0.1', 'sr-Latn'],
    ['en;Q=0, sr', 'sr-Cyrl'],
  ])('when a language has q=0 (%j), then it is excluded: %s', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });

  it.each([['sr;q=0'], ['sr-Latn;q=0, en;q=0'], ['en;q=0, de']])(
    'when every language we have has q=0 (%j), then there is none',
    (header) => {
      expect(languageFromAcceptLanguage(header)).toBeUndefined();
    },
  );

  it.each([
    [''],
    [','],
    [';;;'],
    [';q=1'],
    ['!!!@@@'],
    ['  '],
    ['q=0.5'],
    ['\u0000'],
    ['x'.repeat(10_000)],
    [',,,,'],
  ])('when the header is garbage (%j), then there is none and nothing throws', (header) => {
    expect(languageFromAcceptLanguage(header)).toBeUndefined();
  });

  it('when a garbage part comes before a language we have, then that language is still found', () => {
    expect(languageFromAcceptLanguage('!!!, ;;, sr-Latn')).toBe('sr-Latn');
    expect(languageFromAcceptLanguage('en;q=1.2.3, sr')).toBe('sr-Cyrl'); // an unreadable q drops that part
  });

  it('when there is no header, then there is none', () => {
    expect(languageFromAcceptLanguage(undefined)).toBeUndefined();
  });
});

describe('isLanguage and the language list', () => {
  it('when asked for the languages, then they are sr-Cyrl (the default), sr-Latn and en', () => {
    expect(LANGUAGES).toEqual(['sr-Cyrl', 'sr-Latn', 'en']);
    expect(DEFAULT_LANGUAGE).toBe('sr-Cyrl');
  });

  it.each([['sr-Cyrl'], ['sr-Latn'], ['en']])('when given %j, then it is a language', (value) => {
    expect(isLanguage(value)).toBe(true);
  });

  it.each([['sr'], ['SR-LATN'], ['en-US'], [''], [undefined], [null], [1], [['en']]])(
    'when given %j, then it is not a language',
    (value) => {
      expect(isLanguage(value)).toBe(false);
    },
  );
});

describe('malformed weights', () => {
  it.each([
    ['en;q=abc, sr-Latn', 'sr-Latn'],
    ['en;q=2, sr-Latn', 'sr-Latn'],
    ['en;q=0.5000, sr-Latn;q=0.4', 'sr-Latn'],
  ])('when the header is %j, then the malformed entry is ignored and the answer is %s', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });
});
