import { describe, it, expect } from 'vitest';
import type { z } from 'zod';
import { describeIssues } from '../../src/i18n/issues.js';
import type { Language } from '../../src/i18n/language.js';
import { CATEGORY_CODES } from '../../src/submissions/categories.js';
import { letterFromWeb, webSubmissionSchema, type NewLetter } from '../../src/submissions/submission.schema.js';

const BASE = {
  name: 'Petar',
  surname: 'Petrović',
  municipality: 'Čačak',
  address: 'Gradsko šetalište 1, 32000 Čačak',
  email: 'petar@example.rs',
  phone: '064 123 4567',
  category: 'question',
  subject: 'Lokalni put',
  message: 'Poštovani, pišem vam povodom lokalnog puta.',
  language: 'sr-Latn',
  consent: true,
} as const;

type Body = Record<string, unknown>;

/** The base letter with some fields changed; a field set to ABSENT is left out. */
const ABSENT = Symbol('absent');
function letter(changes: Record<string, unknown> = {}): Body {
  const body: Body = { ...BASE };
  for (const [key, value] of Object.entries(changes)) {
    if (value === ABSENT) delete body[key];
    else body[key] = value;
  }
  return body;
}

function accepted(body: unknown, fallback: Language = 'sr-Cyrl'): NewLetter {
  const result = webSubmissionSchema.safeParse(body);
  if (!result.success) {
    throw new Error(`expected the letter to be accepted, got ${JSON.stringify(result.error.issues)}`);
  }
  return letterFromWeb(result.data, fallback);
}

function rejection(body: unknown): z.ZodError {
  const result = webSubmissionSchema.safeParse(body);
  if (result.success) throw new Error(`expected the letter to be rejected, got ${JSON.stringify(result.data)}`);
  return result.error;
}

/** The issues as [path, message key] pairs, as the schema raised them. */
const issueKeys = (body: unknown): Array<[string, string]> =>
  rejection(body).issues.map((i) => [i.path.map(String).join('.'), i.message]);

const described = (body: unknown, language: Language = 'en') => describeIssues(rejection(body), language);

describe('the base letter', () => {
  it('when nothing is changed, then it is accepted and stored as given (phone in E.164)', () => {
    expect(accepted(letter())).toEqual({
      channel: 'web',
      name: 'Petar',
      surname: 'Petrović',
      municipalityCode: 'cacak',
      country: null,
      address: 'Gradsko šetalište 1, 32000 Čačak',
      email: 'petar@example.rs',
      phone: '+381641234567',
      category: 'question',
      subject: 'Lokalni put',
      message: 'Poštovani, pišem vam povodom lokalnog puta.',
      language: 'sr-Latn',
      isSpam: false,
    } satisfies NewLetter);
  });
});

describe('name and surname', () => {
  it.each([
    ['Ђорђе', 'Ђорђе'],
    ['Љубица', 'Љубица'],
    ['Njegoš', 'Njegoš'],
    ['Petar Petrović Njegoš', 'Petar Petrović Njegoš'],
    ["O'Brien", "O'Brien"],
    ['D’Artagnan', 'D’Artagnan'],
    ['Jean-Luc', 'Jean-Luc'],
    ['St. John', 'St. John'],
    ['Jr.', 'Jr.'],
    ['J', 'J'],
    ['Ана-Марија', 'Ана-Марија'],
    ['Zoë', 'Zoë'],
    ['Ζωή', 'Ζωή'],
    ['李', '李'],
    ['  Petar  ', 'Petar'],
    ['\u00a0Petar\u3000', 'Petar'],
    ['Jovanovic\u0301', 'Jovanović'], // NFD → NFC
    ['S\u030Cc\u0301epanovic\u0301', 'Šćepanović'],
    ['x'.repeat(100), 'x'.repeat(100)],
  ])('when the name is %j, then it is accepted as %j', (input, stored) => {
    const result = accepted(letter({ name: input, surname: input }));
    expect(result.name).toBe(stored);
    expect(result.surname).toBe(stored);
    expect(result.name).toBe(result.name.normalize('NFC'));
  });

  it.each<[string, unknown, string]>([
    ['digits', 'Petar2', 'name_chars'],
    ['only digits', '123', 'name_chars'],
    ['an @', 'petar@example.rs', 'name_chars'],
    ['a leading hyphen', '-Petar', 'name_chars'],
    ['a trailing apostrophe', "Petar'", 'name_chars'],
    ['a zero-width space', 'Pet\u200bar', 'name_chars'],
    ['a right-to-left override', 'Pet\u202ear', 'name_chars'],
    ['angle brackets', '<Petar>', 'name_chars'],
    ['the empty string', '', 'required'],
    ['only spaces', '    ', 'required'],
    ['101 characters', 'x'.repeat(101), 'too_long'],
    ['a CR', 'Petar\rMarko', 'control_chars'],
    ['an LF', 'Petar\nMarko', 'control_chars'],
    ['a CRLF header injection', 'Petar\r\nBcc: x@y.z', 'control_chars'],
    ['a NUL', 'Petar\u0000', 'control_chars'],
    ['a tab', 'Petar\tMarko', 'control_chars'],
    ['a U+2028 line separator', 'Petar\u2028Marko', 'control_chars'],
    ['a U+2029 paragraph separator', 'Petar\u2029Marko', 'control_chars'],
    ['a U+0085 next line', 'Petar\u0085Marko', 'control_chars'],
    ['an array', ['Petar'], 'type_string'],
    ['an object', { first: 'Petar' }, 'type_string'],
    ['a number', 42, 'type_string'],
    ['null', null, 'type_string'],
    ['true', true, 'type_string'],
  ])('when the name has %s, then it is rejected on "name" with %s', (_what, value, key) => {
    expect(issueKeys(letter({ name: value }))).toEqual([['name', key]]);
    expect(issueKeys(letter({ surname: value }))).toEqual([['surname', key]]);
  });

  it('when the name is missing, then it is required', () => {
    expect(issueKeys(letter({ name: ABSENT }))).toEqual([['name', 'required']]);
  });
});

describe('address', () => {
  it.each([
    ['5 characters', 'Ulica', 'Ulica'],
    ['300 characters', 'a'.repeat(300), 'a'.repeat(300)],
    ['spaces around it', '  Kneza Miloša 12  ', 'Kneza Miloša 12'],
    ['Cyrillic', 'Кнеза Милоша 12, 11000 Београд', 'Кнеза Милоша 12, 11000 Београд'],
  ])('when the address has %s, then it is accepted', (_what, input, stored) => {
    expect(accepted(letter({ address: input })).address).toBe(stored);
  });

  it.each<[string, unknown, string]>([
    ['4 characters', 'Ulic', 'too_short'],
    ['4 characters and spaces', '  Ulic   ', 'too_short'],
    ['301 characters', 'a'.repeat(301), 'too_long'],
    ['a CRLF', 'Kneza Miloša 12\r\nBcc: x@y.z', 'control_chars'],
    ['an LF', 'Kneza Miloša 12\n11000 Beograd', 'control_chars'],
    ['the empty string', '', 'too_short'],
    ['a number', 12345, 'type_string'],
    ['nothing', ABSENT, 'required'],
  ])('when the address has %s, then it is rejected with %s', (_what, value, key) => {
    expect(issueKeys(letter({ address: value }))).toEqual([['address', key]]);
  });
});

describe('subject', () => {
  it.each([
    ['200 characters', 's'.repeat(200), 's'.repeat(200)],
    ['spaces around it', '  Lokalni put ', 'Lokalni put'],
    ['the empty string (absent)', '', null],
    ['only spaces (absent)', '   ', null],
    ['null (absent)', null, null],
    ['nothing', ABSENT, null],
  ])('when the subject is %s, then it is accepted and stored as %j', (_what, input, stored) => {
    expect(accepted(letter({ subject: input })).subject).toBe(stored);
  });

  it.each<[string, unknown, string]>([
    ['201 characters', 's'.repeat(201), 'too_long'],
    ['a CRLF header injection', 'Lokalni put\r\nBcc: x@y.z', 'control_chars'],
    ['an LF', 'Lokalni\nput', 'control_chars'],
    ['a number', 7, 'type_string'],
  ])('when the subject has %s, then it is rejected with %s', (_what, value, key) => {
    expect(issueKeys(letter({ subject: value }))).toEqual([['subject', key]]);
  });
});

describe('message', () => {
  it.each([
    ['10 characters', '0123456789', '0123456789'],
    ['10 000 characters', 'm'.repeat(10_000), 'm'.repeat(10_000)],
    ['line breaks', 'Poštovani,\n\npišem vam.\nHvala.', 'Poštovani,\n\npišem vam.\nHvala.'],
    ['CRLF line breaks (normalised to LF)', 'Poštovani,\r\n\r\npišem vam.\r\nHvala.', 'Poštovani,\n\npišem vam.\nHvala.'],
    ['lone CR line breaks (normalised to LF)', 'Poštovani,\rpišem vam.', 'Poštovani,\npišem vam.'],
    ['a tab', 'Poštovani,\tpišem vam.', 'Poštovani,\tpišem vam.'],
    ['spaces and line breaks around it', '\r\n  Poštovani, pišem vam.  \n', 'Poštovani, pišem vam.'],
    ['decomposed letters (composed)', 'Pos\u030Ctovani, pis\u030Cem vam.', 'Poštovani, pišem vam.'],
  ])('when the message has %s, then it is accepted', (_what, input, stored) => {
    expect(accepted(letter({ message: input })).message).toBe(stored);
  });

  it.each<[string, unknown, string]>([
    ['9 characters', '012345678', 'too_short'],
    ['9 characters after CRLF becomes LF', '0123\r\n5678', 'too_short'],
    ['9 characters and spaces around', '   012345678   ', 'too_short'],
    ['10 001 characters', 'm'.repeat(10_001), 'too_long'],
    ['a NUL', 'Poštovani,\u0000 pišem vam.', 'control_chars'],
    ['an escape character', 'Poštovani, \u001b[31mpišem vam.', 'control_chars'],
    ['a U+2028 line separator', 'Poštovani,\u2028pišem vam.', 'control_chars'],
    ['a form feed', 'Poštovani,\fpišem vam.', 'control_chars'],
    ['nothing', ABSENT, 'required'],
    ['an array', ['Poštovani, pišem vam.'], 'type_string'],
  ])('when the message has %s, then it is rejected with %s', (_what, value, key) => {
    expect(issueKeys(letter({ message: value }))).toEqual([['message', key]]);
  });
});

describe('email and phone', () => {
  it.each([
    ['petar@example.rs', 'petar@example.rs'],
    ['  petar.petrovic+pisma@mail.example.co.rs  ', 'petar.petrovic+pisma@mail.example.co.rs'],
  ])('when the email is %j, then it is stored as %j', (input, stored) => {
    expect(accepted(letter({ email: input })).email).toBe(stored);
  });

  it.each<[string, unknown, string]>([
    ['no @', 'petar.example.rs', 'email_invalid'],
    ['no domain', 'petar@', 'email_invalid'],
    ['two @', 'petar@@example.rs', 'email_invalid'],
    ['a space inside', 'petar petrovic@example.rs', 'email_invalid'],
    ['a CRLF header injection', 'petar@example.rs\r\nBcc: x@y.z', 'control_chars'],
    ['an LF', 'petar@example.rs\nBcc: x@y.z', 'control_chars'],
    ['a number', 5, 'type_string'],
  ])('when the email has %s, then it is rejected on "email" with %s', (_what, value, key) => {
    expect(issueKeys(letter({ email: value }))).toEqual([['email', key]]);
  });

  it.each([
    ['064 123 4567', '+381641234567'],
    ['064/123-4567', '+381641234567'],
    ['+381 64 123 4567', '+381641234567'],
    ['00381641234567', '+381641234567'],
    ['011 3232 123', '+381113232123'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('when the phone is %j, then it is stored in E.164 as %s', (input, stored) => {
    expect(accepted(letter({ phone: input })).phone).toBe(stored);
  });

  it.each([['123'], ['064 123'], ['not a number'], ['+1 000 000 0000'], ['064 123 4567\r\nBcc: x@y.z']])(
    'when the phone is %j, then it is rejected with phone_invalid',
    (value) => {
      expect(issueKeys(letter({ phone: value }))).toEqual([['phone', 'phone_invalid']]);
    },
  );

  it('when the phone is not a string, then it is rejected on "phone"', () => {
    expect(issueKeys(letter({ phone: 641234567 }))).toEqual([['phone', 'type_string']]);
  });

  it.each<[string, Body]>([
    ['both missing', { email: ABSENT, phone: ABSENT }],
    ['both empty', { email: '', phone: '' }],
    ['both null', { email: null, phone: null }],
    ['both blank', { email: '  ', phone: ' ' }],
  ])('when email and phone are %s, then there is one issue on "email": contact_required', (_what, changes) => {
    expect(issueKeys(letter(changes))).toEqual([['email', 'contact_required']]);
  });

  it('when there is only a phone, then it is accepted with email null', () => {
    const result = accepted(letter({ email: ABSENT }));
    expect(result.email).toBeNull();
    expect(result.phone).toBe('+381641234567');
  });

  it('when there is only an email, then it is accepted with phone null', () => {
    const result = accepted(letter({ phone: '' }));
    expect(result.phone).toBeNull();
    expect(result.email).toBe('petar@example.rs');
  });
});

describe('municipality and country', () => {
  it.each([['cacak'], ['Čačak'], ['Чачак'], ['ČAČAK'], ['  čačak  '], ['Grad Čačak'], ['Град Чачак']])(
    'when the municipality is %j, then it is the code "cacak"',
    (input) => {
      const result = accepted(letter({ municipality: input }));
      expect(result.municipalityCode).toBe('cacak');
      expect(result.country).toBeNull();
    },
  );

  it.each([
    ['Beograd', 'beograd'],
    ['Belgrade', 'beograd'],
    ['Звездара', 'beograd-zvezdara'],
    ['Niš - Palilula', 'nis-palilula'],
    ['Đakovica', 'djakovica'],
  ])('when the municipality is %j, then it is the code %s', (input, code) => {
    expect(accepted(letter({ municipality: input })).municipalityCode).toBe(code);
  });

  it('when the municipality is unknown, then there is an issue on "municipality" carrying suggestions', () => {
    const error = rejection(letter({ municipality: 'Cacakk' }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toEqual(['municipality']);
    expect(error.issues[0]?.message).toBe('municipality_unknown');
  });

  it.each<[Language, string, string]>([
    ['en', 'Čačak', 'Unknown city or municipality. Did you mean: '],
    ['sr-Latn', 'Čačak', 'Nepoznat grad ili opština. Da li ste mislili: '],
    ['sr-Cyrl', 'Чачак', 'Непознат град или општина. Да ли сте мислили: '],
  ])('when the municipality is the typo "Cacakk" and the language is %s, then the first suggestion is %s', (language, first, prefix) => {
    const issues = described(letter({ municipality: 'Cacakk' }), language);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue?.path).toBe('municipality');
    expect(issue?.suggestions?.[0]).toBe(first);
    expect(issue?.message.startsWith(`${prefix}${first}`)).toBe(true);
    expect(issue?.message.endsWith('?')).toBe(true);
  });

  it('when the municipality is unknown and nothing is near it, then the issue has no suggestions', () => {
    const issues = described(letter({ municipality: 'Xyzzyqwerty' }));
    expect(issues).toEqual([{ path: 'municipality', message: 'Unknown city or municipality.' }]);
  });

  it.each<[string, unknown, string]>([
    ['the empty string', '', 'required'],
    ['only spaces', '   ', 'required'],
    ['nothing', ABSENT, 'required'],
    ['a number', 11000, 'type_string'],
  ])('when the municipality is %s, then it is rejected with %s', (_what, value, key) => {
    expect(issueKeys(letter({ municipality: value }))).toEqual([['municipality', key]]);
  });

  it('when the municipality has a control character inside, then it is unknown', () => {
    expect(issueKeys(letter({ municipality: 'Ča\u0000čak' }))).toEqual([['municipality', 'municipality_unknown']]);
  });

  it.each([['abroad'], ['ABROAD'], ['  Abroad ']])(
    'when the municipality is %j without a country, then there is an issue on "country": country_required',
    (municipality) => {
      expect(issueKeys(letter({ municipality }))).toEqual([['country', 'country_required']]);
      expect(issueKeys(letter({ municipality, country: '' }))).toEqual([['country', 'country_required']]);
    },
  );

  it.each([
    ['DE', 'DE'],
    ['de', 'DE'],
    [' at ', 'AT'],
    ['US', 'US'],
  ])('when the letter is from abroad with country %j, then it is accepted: municipalityCode null, country %s', (country, stored) => {
    const result = accepted(letter({ municipality: 'abroad', country }));
    expect(result.municipalityCode).toBeNull();
    expect(result.country).toBe(stored);
  });

  it.each([['RS'], ['rs']])('when the letter is from abroad with country %j (Serbia), then it is rejected: country_is_serbia', (country) => {
    expect(issueKeys(letter({ municipality: 'abroad', country }))).toEqual([['country', 'country_is_serbia']]);
  });

  it.each<[unknown]>([['XX'], ['DEU'], ['Germany'], ['D'], ['276'], [276]])(
    'when the letter is from abroad with the country %j, then it is rejected on "country"',
    (country) => {
      const issues = issueKeys(letter({ municipality: 'abroad', country }));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.[0]).toBe('country');
      expect(['country_invalid', 'type_string']).toContain(issues[0]?.[1]);
    },
  );

  it.each([['DE'], ['RS']])('when a Serbian municipality comes with a country (%s), then it is rejected: country_without_abroad', (country) => {
    expect(issueKeys(letter({ country }))).toEqual([['country', 'country_without_abroad']]);
  });
});

describe('category, language, consent', () => {
  it.each(CATEGORY_CODES.map((c) => [c]))('when the category is %s, then it is accepted', (category) => {
    expect(accepted(letter({ category })).category).toBe(category);
  });

  it.each<[string, unknown]>([
    ['nothing', ABSENT],
    ['the empty string', ''],
    ['null', null],
  ])('when the category is %s, then it is "question"', (_what, category) => {
    expect(accepted(letter({ category })).category).toBe('question');
  });

  it.each<[unknown]>([['status'], ['Question'], ['QUESTION'], [' question'], [1], [['question']]])(
    'when the category is %j, then it is rejected: category_invalid',
    (category) => {
      expect(issueKeys(letter({ category }))).toEqual([['category', 'category_invalid']]);
    },
  );

  it.each([['sr-Cyrl'], ['sr-Latn'], ['en']])('when the language is %s, then the letter is in it', (language) => {
    expect(accepted(letter({ language }), 'en').language).toBe(language);
  });

  it.each<[string, unknown]>([['nothing', ABSENT], ['the empty string', ''], ['null', null]])(
    'when the language is %s, then the fallback language is used',
    (_what, language) => {
      expect(accepted(letter({ language }), 'en').language).toBe('en');
      expect(accepted(letter({ language }), 'sr-Cyrl').language).toBe('sr-Cyrl');
    },
  );

  it.each<[unknown]>([['de'], ['sr'], ['sr-latn'], ['SR-LATN'], ['en-US'], [1], [true]])(
    'when the language is %j, then it is rejected: language_invalid',
    (language) => {
      expect(issueKeys(letter({ language }))).toEqual([['language', 'language_invalid']]);
    },
  );

  it.each<[string, unknown]>([
    ['false', false],
    ['missing', ABSENT],
    ['the string "true"', 'true'],
    ['1', 1],
    ['null', null],
    ['an object', { value: true }],
  ])('when consent is %s, then it is rejected: consent_required', (_what, consent) => {
    expect(issueKeys(letter({ consent }))).toEqual([['consent', 'consent_required']]);
  });
});

describe('unknown fields and the shape of the body', () => {
  it.each([['status'], ['office'], ['constructor'], ['municipalityCode'], ['isSpam'], ['channel']])(
    'when the body has the unknown field %s, then there is an issue on that path: unknown field',
    (key) => {
      const body = { ...letter(), [key]: 'x' };
      expect(described(body)).toEqual([{ path: key, message: 'Unknown field.' }]);
    },
  );

  it('when the body has an own "__proto__" key (from JSON.parse), then it is an unknown field and nothing is polluted', () => {
    const body: unknown = JSON.parse(JSON.stringify(letter()).replace(/^\{/, '{"__proto__":{"isAdmin":true},'));
    expect(Object.hasOwn(body as object, '__proto__')).toBe(true);
    expect(described(body)).toEqual([{ path: '__proto__', message: 'Unknown field.' }]);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('when the body has several unknown fields, then there is one issue per field, each on its own path', () => {
    const body = { ...letter(), status: 'closed', office: 'president', constructor: 'x' };
    const issues = described(body, 'sr-Cyrl');
    expect(issues.map((i) => i.path).sort()).toEqual(['constructor', 'office', 'status']);
    for (const issue of issues) expect(issue.message).toBe('Непознато поље.');
  });

  it.each<[string, unknown]>([
    ['an array', [letter()]],
    ['a string', JSON.stringify(letter())],
    ['null', null],
    ['a number', 1],
    ['nothing', undefined],
  ])('when the body is %s, then it is rejected as not an object', (_what, body) => {
    expect(described(body)).toEqual([{ path: '', message: 'The request body must be a JSON object.' }]);
  });

  it('when the body is an empty object, then every required field has an issue', () => {
    const paths = issueKeys({}).map(([path]) => path);
    for (const field of ['name', 'surname', 'municipality', 'address', 'message', 'consent']) {
      expect(paths).toContain(field);
    }
  });
});

describe('the honeypot field "website"', () => {
  it.each<[string, unknown, boolean]>([
    ['a URL', 'http://spam.example', true],
    ['any text', 'x', true],
    ['only spaces', ' ', true],
    ['a number', 1, true],
    ['true', true, true],
    ['the empty string', '', false],
    ['null', null, false],
    ['false', false, false],
    ['missing', ABSENT, false],
  ])('when the honeypot holds %s, then the letter is accepted and isSpam is %s', (_what, website, spam) => {
    expect(accepted(letter({ website })).isSpam).toBe(spam);
  });

  it.each<[string, unknown, string]>([
    ['an object', { a: 1 }, 'Must be text.'],
    ['an array', ['x'], 'Must be text.'],
    ['nested arrays', JSON.parse('['.repeat(1000) + ']'.repeat(1000)), 'Must be text.'],
    ['text over 2000 characters', 'x'.repeat(2001), 'At most 2000 characters.'],
  ])('when the honeypot holds %s, then the letter is refused on the field website', (_what, website, message) => {
    expect(described(letter({ website }))).toEqual([{ path: 'website', message }]);
  });
});

describe('describeIssues', () => {
  it.each<[Language, string]>([
    ['en', 'At least 5 characters.'],
    ['sr-Latn', 'Najmanje 5 znakova.'],
    ['sr-Cyrl', 'Најмање 5 знакова.'],
  ])('when the address is too short and the language is %s, then the message carries the minimum: %j', (language, message) => {
    expect(described(letter({ address: 'abc' }), language)).toEqual([{ path: 'address', message }]);
  });

  it.each<[string, Body, string, Record<Language, string>]>([
    ['the name', { name: 'x'.repeat(101) }, 'name', { en: 'At most 100 characters.', 'sr-Latn': 'Najviše 100 znakova.', 'sr-Cyrl': 'Највише 100 знакова.' }],
    ['the subject', { subject: 's'.repeat(201) }, 'subject', { en: 'At most 200 characters.', 'sr-Latn': 'Najviše 200 znakova.', 'sr-Cyrl': 'Највише 200 знакова.' }],
    ['the address', { address: 'a'.repeat(301) }, 'address', { en: 'At most 300 characters.', 'sr-Latn': 'Najviše 300 znakova.', 'sr-Cyrl': 'Највише 300 знакова.' }],
    ['the message', { message: 'm'.repeat(10_001) }, 'message', { en: 'At most 10000 characters.', 'sr-Latn': 'Najviše 10000 znakova.', 'sr-Cyrl': 'Највише 10000 знакова.' }],
  ])('when %s is too long, then the message carries the maximum in each language', (_what, changes, path, messages) => {
    for (const language of ['en', 'sr-Latn', 'sr-Cyrl'] as const) {
      expect(described(letter(changes), language)).toEqual([{ path, message: messages[language] }]);
    }
  });

  it('when the message is too short, then the message carries 10', () => {
    expect(described(letter({ message: 'kratko' }), 'sr-Latn')).toEqual([{ path: 'message', message: 'Najmanje 10 znakova.' }]);
  });

  it.each<[string, Body]>([
    ['a bad name', { name: 'Petar2' }],
    ['a control character', { name: 'Petar\r\nBcc: x@y.z' }],
    ['a missing field', { surname: ABSENT }],
    ['no contact', { email: ABSENT, phone: ABSENT }],
    ['a bad phone', { phone: '123' }],
    ['a bad email', { email: 'x' }],
    ['no consent', { consent: false }],
    ['an unknown field', { status: 'closed' }],
  ])('when the letter has %s, then the en, sr-Latn and sr-Cyrl messages all differ', (_what, changes) => {
    const body = letter(changes);
    const en = described(body, 'en');
    const latn = described(body, 'sr-Latn');
    const cyrl = described(body, 'sr-Cyrl');
    expect(en).toHaveLength(1);
    expect(latn.map((i) => i.path)).toEqual(en.map((i) => i.path));
    expect(cyrl.map((i) => i.path)).toEqual(en.map((i) => i.path));
    const [e, l, c] = [en[0]?.message, latn[0]?.message, cyrl[0]?.message];
    expect(new Set([e, l, c]).size).toBe(3);
    expect(c).toMatch(/[\u0400-\u04ff]/); // Cyrillic letters
    expect(l).not.toMatch(/[\u0400-\u04ff]/);
  });

  it('when several fields are wrong, then there is one issue per field, in the reader\'s language', () => {
    const issues = described(letter({ name: '', address: 'abc', consent: false }), 'en');
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'This field is required.' },
        { path: 'address', message: 'At least 5 characters.' },
        { path: 'consent', message: 'Your consent to the processing of personal data is required.' },
      ]),
    );
    expect(issues).toHaveLength(3);
  });
});

describe('fixes found by review', () => {
  it('when a name is only a combining accent, then it is refused', () => {
    expect(issueKeys(letter({ name: '\u0301' }))).toEqual([['name', 'name_chars']]);
  });

  it('when a citizen abroad names Kosovo (XK) as the country, then it is refused: Kosovo is in the register', () => {
    expect(issueKeys(letter({ municipality: 'abroad', country: 'XK' }))).toEqual([['country', 'country_is_serbia']]);
  });
});

describe('all problems in one answer', () => {
  it('when a field is wrong and no contact is given, then both are reported at once', () => {
    const keys = issueKeys(letter({ name: 'Petar1', email: ABSENT, phone: ABSENT }));
    expect(keys).toContainEqual(['name', 'name_chars']);
    expect(keys).toContainEqual(['email', 'contact_required']);
  });
});
