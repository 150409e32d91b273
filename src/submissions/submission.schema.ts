import countries from 'i18n-iso-countries';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { findMunicipality, suggestMunicipalities } from '../geo/municipality.match.js';
import { LANGUAGES } from '../i18n/language.js';
import { CATEGORY_CODES, DEFAULT_CATEGORY } from './categories.js';

// Issue messages are keys of src/i18n/messages.ts; the HTTP layer translates
// them into the letter's language.

/** C0, DEL, C1, and the Unicode line/paragraph separators: anything that could break a mail header. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same, but a letter's body may keep tabs and line breaks. */
const CONTROL_IN_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
const NAME = /^\p{L}(?:[\p{L}\p{M} '’.-]*[\p{L}\p{M}.])?$/u;

const str = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'type_string') });

const nfcTrim = (value: string) => value.normalize('NFC').trim();

/** An optional text field: absent, null and the empty string all mean "not given". */
const blankToUndefined = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const oneLine = (min: number, max: number) =>
  str()
    .transform(nfcTrim)
    .pipe(
      z
        .string()
        .refine((v) => !CONTROL.test(v), { error: 'control_chars', abort: true })
        .min(min, { error: min === 1 ? 'required' : 'too_short' })
        .max(max, { error: 'too_long' }),
    );

const personName = () => oneLine(1, 100).pipe(z.string().regex(NAME, { error: 'name_chars' }));

const email = z.preprocess(
  blankToUndefined,
  str()
    .transform(nfcTrim)
    .pipe(z.string().refine((v) => !CONTROL.test(v), { error: 'control_chars', abort: true }))
    .pipe(z.email({ error: 'email_invalid' }).max(254, { error: 'too_long' }))
    .optional(),
);

const phone = z.preprocess(
  blankToUndefined,
  str()
    .transform((value, ctx) => {
      const parsed = CONTROL.test(value) ? undefined : parsePhoneNumberFromString(value, 'RS');
      if (!parsed?.isValid()) {
        ctx.addIssue({ code: 'custom', message: 'phone_invalid' });
        return z.NEVER;
      }
      return parsed.number;
    })
    .optional(),
);

export const ABROAD = 'abroad';

/** `abroad`, or the code of the Serbian municipality the text names. */
const municipality = str()
  .transform(nfcTrim)
  .transform((value, ctx) => {
    if (value.toLowerCase() === ABROAD) return ABROAD;
    const found = value === '' || CONTROL.test(value) ? undefined : findMunicipality(value);
    if (found) return found.code;
    ctx.addIssue({
      code: 'custom',
      message: value === '' ? 'required' : 'municipality_unknown',
      params: { suggestions: value === '' ? [] : suggestMunicipalities(value, 3).map((m) => m.code) },
    });
    return z.NEVER;
  });

const country = z.preprocess(
  blankToUndefined,
  str()
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().refine((v) => countries.isValid(v) && /^[A-Z]{2}$/.test(v), { error: 'country_invalid' }))
    .optional(),
);

/** Fields shared by a letter from the web form and one keyed in from the post. */
export const letterFields = {
  name: personName(),
  surname: personName(),
  municipality,
  country,
  address: oneLine(5, 300),
  email,
  phone,
  category: z.preprocess(blankToUndefined, z.enum(CATEGORY_CODES, { error: 'category_invalid' }).default(DEFAULT_CATEGORY)),
  subject: z.preprocess(blankToUndefined, oneLine(1, 200).optional()),
  message: str()
    .transform((v) => v.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .refine((v) => !CONTROL_IN_BODY.test(v), { error: 'control_chars', abort: true })
        .min(10, { error: 'too_short' })
        .max(10_000, { error: 'too_long' }),
    ),
  language: z.preprocess(blankToUndefined, z.enum(LANGUAGES, { error: 'language_invalid' }).optional()),
};

type LetterShape = {
  municipality: string;
  country?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
};

export function checkPlace(letter: LetterShape, ctx: z.RefinementCtx): void {
  if (letter.municipality === ABROAD) {
    if (letter.country === undefined) ctx.addIssue({ code: 'custom', path: ['country'], message: 'country_required' });
    // Kosovo and Metohija is in the municipality register, not abroad.
    else if (letter.country === 'RS' || letter.country === 'XK') ctx.addIssue({ code: 'custom', path: ['country'], message: 'country_is_serbia' });
  } else if (letter.country !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['country'], message: 'country_without_abroad' });
  }
}

const HONEYPOT_MAX = 2000;

export const webSubmissionSchema = z
  .strictObject(
    {
      ...letterFields,
      consent: z.literal(true, { error: 'consent_required' }),
      /**
       * Honeypot: hidden from people, filled in by bots. Text or a scalar; never
       * an object or array, so its shape is bounded like every other field's.
       */
      website: z
        .union([z.string().max(HONEYPOT_MAX, { error: 'too_long' }), z.number(), z.boolean(), z.null()], {
          error: 'type_string',
        })
        .optional(),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'body_object' : undefined) },
  )
  // Checked even when other fields are wrong, so the citizen learns of it in the same answer.
  .refine((letter) => letter.email !== undefined || letter.phone !== undefined, {
    path: ['email'],
    message: 'contact_required',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
  })
  .superRefine(checkPlace);

export type WebSubmission = z.output<typeof webSubmissionSchema>;

/** The letter as stored, whichever way it came in. */
export type NewLetter = {
  channel: 'web' | 'postal' | 'email';
  name: string;
  surname: string;
  municipalityCode: string | null;
  country: string | null;
  address: string;
  email: string | null;
  phone: string | null;
  category: string;
  subject: string | null;
  message: string;
  language: (typeof LANGUAGES)[number];
  isSpam: boolean;
  /** False for a letter that came without the form's contact fields (by email: no place, no address). Default true. */
  contactComplete?: boolean;
  /** Letters keyed in by a clerk from the post. */
  postal?: { receivedOn: string; letterNumber: string | null; enteredBy: number };
};

/** The validated fields shared by both channels, as stored: `abroad` becomes a country instead of a municipality. */
type ValidatedLetter = Pick<z.output<z.ZodObject<typeof letterFields>>, keyof typeof letterFields>;

export function storedFields(input: ValidatedLetter, channel: NewLetter['channel'], language: NewLetter['language']) {
  const abroad = input.municipality === ABROAD;
  return {
    channel,
    name: input.name,
    surname: input.surname,
    municipalityCode: abroad ? null : input.municipality,
    country: abroad ? (input.country ?? null) : null,
    address: input.address,
    email: input.email ?? null,
    phone: input.phone ?? null,
    category: input.category,
    subject: input.subject ?? null,
    message: input.message,
    language: input.language ?? language,
  };
}

export function letterFromWeb(input: WebSubmission, fallbackLanguage: NewLetter['language']): NewLetter {
  const honeypot = input.website;
  return {
    ...storedFields(input, 'web', fallbackLanguage),
    isSpam: honeypot !== undefined && honeypot !== null && honeypot !== '' && honeypot !== false,
  };
}
