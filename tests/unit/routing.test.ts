import { describe, it, expect } from 'vitest';
import { routeLetter, type RoutableLetter, type RoutingRule } from '../../src/routing/routing.rules.js';

// Office ids as the seed inserts them (identity order in migrations/002_routing_and_outbox.sql).
const CITIZENS = 1; // the default office
const LEGAL = 2;
const SOCIAL = 3;
const PROTOCOL = 4;
const PRESS = 5;
const KOSOVO = 6;

// These mirror the rules seeded by migrations/002_routing_and_outbox.sql, in position
// order; the rule id here is the position, so a decision names which seeded rule fired.
// Keep them in step with the migration.
const SEEDED_RULES: readonly RoutingRule[] = [
  { id: 10, officeId: LEGAL, categories: ['pardon'], keywords: null, municipalityCodes: null, abroad: null },
  {
    id: 20,
    officeId: LEGAL,
    categories: null,
    keywords: [
      'pomilovanje', 'pomilovanja', 'pomilovanju', 'amnestija', 'presuda', 'presude', 'kazna', 'kazne',
      'zatvor', 'zatvoru', 'osudjen', 'osudjena', 'sud', 'suda', 'sudski postupak',
    ],
    municipalityCodes: null,
    abroad: null,
  },
  { id: 30, officeId: SOCIAL, categories: ['assistance'], keywords: null, municipalityCodes: null, abroad: null },
  {
    id: 40,
    officeId: SOCIAL,
    categories: null,
    keywords: [
      'humanitarna pomoc', 'socijalna pomoc', 'novcana pomoc', 'jednokratna pomoc', 'lecenje', 'lecenja',
      'operacija', 'operaciju', 'invaliditet', 'beskucnik', 'stan za', 'nezaposlen', 'nezaposlena',
    ],
    municipalityCodes: null,
    abroad: null,
  },
  { id: 50, officeId: PROTOCOL, categories: ['invitation'], keywords: null, municipalityCodes: null, abroad: null },
  {
    id: 60,
    officeId: PROTOCOL,
    categories: null,
    keywords: ['poziv', 'pozivnica', 'pozivamo', 'poseta', 'posetu', 'prijem kod predsednika', 'audijencija'],
    municipalityCodes: null,
    abroad: null,
  },
  { id: 70, officeId: PRESS, categories: ['media'], keywords: null, municipalityCodes: null, abroad: null },
  {
    id: 80,
    officeId: PRESS,
    categories: null,
    keywords: ['intervju', 'novinar', 'novinarka', 'redakcija', 'izjava za medije', 'akreditacija'],
    municipalityCodes: null,
    abroad: null,
  },
  {
    id: 90,
    officeId: KOSOVO,
    categories: null,
    keywords: null,
    municipalityCodes: [
      'glogovac', 'kosovo-polje', 'kacanik', 'lipljan', 'obilic', 'podujevo', 'pristina', 'urosevac',
      'stimlje', 'strpce', 'decani', 'djakovica', 'istok', 'klina', 'pec', 'gora', 'orahovac', 'prizren',
      'suva-reka', 'vucitrn', 'zvecan', 'zubin-potok', 'kosovska-mitrovica', 'leposavic', 'srbica', 'vitina',
      'gnjilane', 'kosovska-kamenica', 'novo-brdo',
    ],
    abroad: null,
  },
  {
    id: 100,
    officeId: KOSOVO,
    categories: null,
    keywords: ['kosovo', 'kosova', 'kosovu', 'metohija', 'metohije', 'metohiji', 'kim'],
    municipalityCodes: null,
    abroad: null,
  },
];

function letter(overrides: Partial<RoutableLetter> = {}): RoutableLetter {
  return { category: 'question', subject: null, message: 'Поштовани, шаљем вам писмо.', municipalityCode: 'beograd-vracar', ...overrides };
}

function rule(overrides: Partial<RoutingRule> = {}): RoutingRule {
  return { id: 1, officeId: 100, categories: null, keywords: null, municipalityCodes: null, abroad: null, ...overrides };
}

const DEFAULT = { officeId: CITIZENS, ruleId: null };

describe('routeLetter with the seeded rules', () => {
  it.each<[string, Partial<RoutableLetter>, { officeId: number; ruleId: number | null }]>([
    // Categories
    ['the category is pardon', { category: 'pardon' }, { officeId: LEGAL, ruleId: 10 }],
    ['the category is assistance', { category: 'assistance' }, { officeId: SOCIAL, ruleId: 30 }],
    ['the category is invitation', { category: 'invitation' }, { officeId: PROTOCOL, ruleId: 50 }],
    ['the category is media', { category: 'media' }, { officeId: PRESS, ruleId: 70 }],
    // Keywords, folded across script, case and diacritics
    ['a Cyrillic letter says "молба за помиловање"', { message: 'Ово је молба за помиловање мог сина.' }, { officeId: LEGAL, ruleId: 20 }],
    ['a Cyrillic letter in capitals says "ПОМИЛОВАЊЕ"', { message: 'МОЛБА ЗА ПОМИЛОВАЊЕ' }, { officeId: LEGAL, ruleId: 20 }],
    ['a Latin letter says "Pomilovanje" with a capital', { message: 'Pomilovanje, molim vas.' }, { officeId: LEGAL, ruleId: 20 }],
    ['a letter says "osuđen" with đ', { message: 'Moj brat je osuđen nepravedno.' }, { officeId: LEGAL, ruleId: 20 }],
    ['a letter says "humanitarna pomoć" with ć', { message: 'Potrebna nam je humanitarna pomoć.' }, { officeId: SOCIAL, ruleId: 40 }],
    ['a Cyrillic letter says "хуманитарна помоћ"', { message: 'Потребна нам је хуманитарна помоћ.' }, { officeId: SOCIAL, ruleId: 40 }],
    ['a letter says "лечење"', { message: 'Молим за помоћ за лечење.' }, { officeId: SOCIAL, ruleId: 40 }],
    ['a letter says "sudski postupak" with punctuation around it', { message: 'Vodi se (sudski  postupak).' }, { officeId: LEGAL, ruleId: 20 }],
    ['a keyword sits at the very start and end of the text', { message: 'audijencija' }, { officeId: PROTOCOL, ruleId: 60 }],
    ['a letter asks for "prijem kod predsednika"', { message: 'Molim za prijem kod predsednika.' }, { officeId: PROTOCOL, ruleId: 60 }],
    ['a journalist writes "новинар"', { message: 'Ја сам новинар дневног листа.' }, { officeId: PRESS, ruleId: 80 }],
    ['a letter mentions "Kosovu"', { message: 'Živim na Kosovu.' }, { officeId: KOSOVO, ruleId: 100 }],
    // Whole words and whole phrases only
    ['"sudbina" contains "sud" but is another word', { message: 'Takva je moja sudbina.' }, DEFAULT],
    ['"zatvorena" contains "zatvor" but is another word', { message: 'Prodavnica je zatvorena.' }, DEFAULT],
    ['"pozivam" is not the keyword "poziv" or "pozivamo"', { message: 'Pozivam se na zakon.' }, DEFAULT],
    ['"humanitarnu pomoć" is a different inflection of the phrase', { message: 'Tražim humanitarnu pomoć.' }, DEFAULT],
    ['only "pomoć" appears, half of a phrase', { message: 'Molim vas za pomoć.' }, DEFAULT],
    ['the words of a phrase are apart', { message: 'Humanitarna je to bila, ta pomoć.' }, DEFAULT],
    ['"kimono" contains "kim"', { message: 'Kupio sam kimono.' }, DEFAULT],
    // Subject counts as much as the message
    ['only the subject says "Помиловање"', { subject: 'Помиловање', message: 'Молим вас да размотрите.' }, { officeId: LEGAL, ruleId: 20 }],
    ['only the subject says "Intervju"', { subject: 'Intervju', message: 'Poštovani, molim za termin.' }, { officeId: PRESS, ruleId: 80 }],
    // Municipality
    ['the letter comes from Priština', { municipalityCode: 'pristina' }, { officeId: KOSOVO, ruleId: 90 }],
    ['the letter comes from Kosovska Mitrovica', { municipalityCode: 'kosovska-mitrovica' }, { officeId: KOSOVO, ruleId: 90 }],
    ['the letter comes from Novi Sad', { municipalityCode: 'novi-sad' }, DEFAULT],
    ['the citizen lives abroad and nothing else matches', { municipalityCode: null }, DEFAULT],
    // Order: the earlier rule wins
    ['a pardon petition comes from Priština', { category: 'pardon', municipalityCode: 'pristina' }, { officeId: LEGAL, ruleId: 10 }],
    ['a letter from Priština asks for "pomilovanje"', { message: 'pomilovanje', municipalityCode: 'pristina' }, { officeId: LEGAL, ruleId: 20 }],
    ['a media enquiry mentions "zatvor"', { category: 'media', message: 'Pitanje o zatvoru.' }, { officeId: LEGAL, ruleId: 20 }],
    ['a letter mentions both "poziv" and "intervju"', { message: 'Intervju i poziv.' }, { officeId: PROTOCOL, ruleId: 60 }],
    // Nothing
    ['an ordinary question from Belgrade mentions nothing', {}, DEFAULT],
    ['the category is congratulations', { category: 'congratulations', message: 'Čestitam!' }, DEFAULT],
  ])('when %s, then it routes as expected', (_, overrides, expected) => {
    expect(routeLetter(letter(overrides), SEEDED_RULES, CITIZENS)).toEqual(expected);
  });
});

describe('routeLetter conditions', () => {
  it.each<[string, RoutingRule, Partial<RoutableLetter>, boolean]>([
    ['abroad: true and the citizen is abroad', rule({ abroad: true }), { municipalityCode: null }, true],
    ['abroad: true and the citizen is in Serbia', rule({ abroad: true }), { municipalityCode: 'novi-sad' }, false],
    ['abroad: false and the citizen is in Serbia', rule({ abroad: false }), { municipalityCode: 'novi-sad' }, true],
    ['abroad: false and the citizen is abroad', rule({ abroad: false }), { municipalityCode: null }, false],
    ['municipality codes set and the citizen is abroad', rule({ municipalityCodes: ['pristina'] }), { municipalityCode: null }, false],
    ['municipality codes set and the code differs', rule({ municipalityCodes: ['pristina'] }), { municipalityCode: 'prizren' }, false],
    ['municipality codes set and the code is among them', rule({ municipalityCodes: ['prizren', 'pristina'] }), { municipalityCode: 'pristina' }, true],
    ['category and keyword both hold', rule({ categories: ['request'], keywords: ['stan'] }), { category: 'request', message: 'Molim za stan.' }, true],
    ['the category holds but the keyword does not', rule({ categories: ['request'], keywords: ['stan'] }), { category: 'request', message: 'Molim za posao.' }, false],
    ['the keyword holds but the category does not', rule({ categories: ['request'], keywords: ['stan'] }), { category: 'complaint', message: 'Molim za stan.' }, false],
    ['category, municipality and abroad all hold', rule({ categories: ['request'], municipalityCodes: ['pristina'], abroad: false }), { category: 'request', municipalityCode: 'pristina' }, true],
    ['category and municipality hold but abroad: true contradicts', rule({ categories: ['request'], municipalityCodes: ['pristina'], abroad: true }), { category: 'request', municipalityCode: 'pristina' }, false],
    ['any one of several keywords appears', rule({ keywords: ['alfa', 'beta', 'gama'] }), { message: 'Samo beta.' }, true],
    ['a keyword is written in Cyrillic and the letter in Latin', rule({ keywords: ['Помиловање'] }), { message: 'pomilovanje' }, true],
    ['a keyword carries diacritics and capitals', rule({ keywords: ['HUMANITARNA POMOĆ'] }), { message: 'humanitarna pomoc' }, true],
    ['a keyword has a trailing space', rule({ keywords: ['sud '] }), { message: 'Idem na sud.' }, true],
    ['the only keyword is empty', rule({ keywords: [''] }), { message: 'Bilo šta.' }, false],
    ['the only keyword is blank', rule({ keywords: ['   '] }), { message: 'Bilo   šta.' }, false],
    ['the only keyword is punctuation, which folds to nothing', rule({ keywords: ['!!!'] }), { message: 'Hitno !!! hitno' }, false],
    ['the keyword list is empty', rule({ keywords: [] }), { message: 'Bilo šta.' }, false],
    ['the category list is empty', rule({ categories: [] }), { category: 'question' }, false],
    ['every condition is null', rule(), {}, false],
    ['every condition is null and the citizen is abroad', rule(), { municipalityCode: null, category: 'pardon' }, false],
  ])('when %s, then the rule matches: %s', (_, r, overrides, matches) => {
    const decision = routeLetter(letter(overrides), [r], 7);
    expect(decision).toEqual(matches ? { officeId: r.officeId, ruleId: r.id } : { officeId: 7, ruleId: null });
  });

  it('when several rules match, then the first in the given order wins', () => {
    const a = rule({ id: 1, officeId: 11, keywords: ['pomoc'] });
    const b = rule({ id: 2, officeId: 22, categories: ['request'] });
    const l = letter({ category: 'request', message: 'Molim za pomoć.' });
    expect(routeLetter(l, [a, b], 7)).toEqual({ officeId: 11, ruleId: 1 });
    expect(routeLetter(l, [b, a], 7)).toEqual({ officeId: 22, ruleId: 2 });
  });

  it('when an earlier rule does not match, then a later matching one is used', () => {
    const rules = [rule({ id: 1, officeId: 11, categories: ['media'] }), rule({ id: 2, officeId: 22, abroad: true })];
    expect(routeLetter(letter({ municipalityCode: null }), rules, 7)).toEqual({ officeId: 22, ruleId: 2 });
  });

  it('when an all-null rule comes first, then it is skipped rather than swallowing every letter', () => {
    const rules = [rule({ id: 1, officeId: 11 }), rule({ id: 2, officeId: 22, categories: ['pardon'] })];
    expect(routeLetter(letter({ category: 'pardon' }), rules, 7)).toEqual({ officeId: 22, ruleId: 2 });
    expect(routeLetter(letter({ category: 'question' }), rules, 7)).toEqual({ officeId: 7, ruleId: null });
  });

  it('when there are no rules, then the default office gets the letter with no rule', () => {
    expect(routeLetter(letter({ category: 'pardon' }), [], 7)).toEqual({ officeId: 7, ruleId: null });
  });

  it('when the subject is null, then the message alone is searched', () => {
    const r = rule({ keywords: ['null'] });
    expect(routeLetter(letter({ subject: null, message: 'Bez naslova.' }), [r], 7)).toEqual({ officeId: 7, ruleId: null });
  });
});
