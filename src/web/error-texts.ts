import type { DomainError, ErrorCode } from '../errors.js';
import type { Language } from '../i18n/language.js';

type Text = Readonly<Record<Language, string>>;

/** Every domain error as a page tells it, in each language the pages speak (the staff side uses sr-Latn). */
const TEXTS: Record<ErrorCode, Text> = {
  not_found: {
    'sr-Cyrl': 'Тражено није пронађено или вам није доступно.',
    'sr-Latn': 'Traženo nije pronađeno ili vam nije dostupno.',
    en: 'What you asked for was not found or is not available to you.',
  },
  conflict: {
    'sr-Cyrl': 'Већ постоји запис са тим подацима.',
    'sr-Latn': 'Već postoji zapis sa tim podacima.',
    en: 'A record with these details already exists.',
  },
  illegal_transition: {
    'sr-Cyrl': 'Ова радња није могућа у садашњем статусу.',
    'sr-Latn': 'Ova radnja nije moguća u sadašnjem statusu pisma.',
    en: 'This is not possible in the current status.',
  },
  idempotency_conflict: {
    'sr-Cyrl': 'Овај захтев је већ послат са другачијим садржајем.',
    'sr-Latn': 'Ovaj zahtev je već poslat sa drugačijim sadržajem.',
    en: 'This request was already sent with different content.',
  },
  bad_cursor: {
    'sr-Cyrl': 'Неисправна ознака стране; почните од прве стране.',
    'sr-Latn': 'Neispravna oznaka strane; počnite od prve strane.',
    en: 'Invalid page marker; start again from the first page.',
  },
  unknown_office: {
    'sr-Cyrl': 'Непозната или неактивна служба.',
    'sr-Latn': 'Nepoznata ili neaktivna služba.',
    en: 'Unknown or inactive office.',
  },
  officer_needs_office: {
    'sr-Cyrl': 'Службеник мора припадати једној служби: изаберите је.',
    'sr-Latn': 'Službenik mora pripadati jednoj službi: izaberite je.',
    en: 'An officer must belong to an office: choose one.',
  },
  office_only_for_officers: {
    'sr-Cyrl': 'Само службеник припада служби; за ову улогу оставите „без службе”.',
    'sr-Latn': 'Samo službenik pripada službi; za ovu ulogu ostavite „bez službe”.',
    en: 'Only an officer belongs to an office; leave “no office” for this role.',
  },
  not_an_officer: {
    'sr-Cyrl': 'Изаберите активног службеника службе којој је писмо упућено.',
    'sr-Latn': 'Izaberite aktivnog službenika službe kojoj je pismo upućeno.',
    en: "Choose an active officer of the letter's office.",
  },
  rule_needs_condition: {
    'sr-Cyrl': 'Правило мора имати бар један услов (врста, речи, општине или иностранство).',
    'sr-Latn': 'Pravilo mora imati bar jedan uslov (vrsta, reči, opštine ili inostranstvo).',
    en: 'A rule needs at least one condition (category, words, municipalities or abroad).',
  },
  default_office_required: {
    'sr-Cyrl': 'Прво одредите другу подразумевану службу.',
    'sr-Latn': 'Prvo odredite drugu podrazumevanu službu.',
    en: 'Make another office the default first.',
  },
  current_password_wrong: {
    'sr-Cyrl': 'Садашња лозинка није тачна.',
    'sr-Latn': 'Sadašnja lozinka nije tačna.',
    en: 'The current password is wrong.',
  },
  invalid_code: {
    'sr-Cyrl': 'Код није исправан или је већ искоришћен.',
    'sr-Latn': 'Kod nije ispravan ili je već iskorišćen.',
    en: 'The code is wrong or has already been used.',
  },
  unauthenticated: {
    'sr-Cyrl': 'Сесија је истекла или нисте пријављени. Пријавите се поново.',
    'sr-Latn': 'Sesija je istekla ili niste prijavljeni. Prijavite se ponovo.',
    en: 'Your session has ended or you are not signed in. Please sign in again.',
  },
  forbidden: {
    'sr-Cyrl': 'Немате овлашћење за ову страну или радњу.',
    'sr-Latn': 'Nemate ovlašćenje za ovu stranu ili radnju.',
    en: 'You are not allowed to open this page or do this.',
  },
  csrf_failed: {
    'sr-Cyrl': 'Образац је застарео или није послат са ове стране. Отворите страну поново и покушајте још једном.',
    'sr-Latn': 'Obrazac je zastareo ili nije poslat sa ove strane. Otvorite stranu ponovo i pokušajte još jednom.',
    en: 'The form is out of date or was not sent from this page. Open the page again and retry.',
  },
  invalid_credentials: {
    'sr-Cyrl': 'Погрешна адреса е-поште или лозинка.',
    'sr-Latn': 'Pogrešna adresa e-pošte ili lozinka.',
    en: 'Wrong email address or password.',
  },
  second_factor_required: {
    'sr-Cyrl': 'Упишите код из апликације за потврду идентитета.',
    'sr-Latn': 'Upišite kod iz aplikacije za potvrdu identiteta.',
    en: 'Enter the code from your authenticator app.',
  },
  account_locked: {
    'sr-Cyrl': 'Превише неуспешних покушаја; покушајте поново за {minutes} мин.',
    'sr-Latn': 'Previše neuspešnih pokušaja; pokušajte ponovo za {minutes} min.',
    en: 'Too many failed attempts; try again in {minutes} min.',
  },
  enrolment_required: {
    'sr-Cyrl': 'Прво подесите други фактор пријаве.',
    'sr-Latn': 'Prvo podesite drugi faktor prijave.',
    en: 'Set up the second sign-in factor first.',
  },
  second_factor_mandatory: {
    'sr-Cyrl': 'Ваша улога мора имати други фактор пријаве.',
    'sr-Latn': 'Vaša uloga mora imati drugi faktor prijave.',
    en: 'Your role must keep the second sign-in factor.',
  },
};

/** The page text of a domain error (or of its code) in the page's language. */
export function errorText(error: DomainError | ErrorCode, language: Language): string {
  const code = typeof error === 'string' ? error : error.code;
  const minutes = typeof error === 'string' ? undefined : error.details.retryAfterSeconds;
  const text = TEXTS[code][language];
  return minutes === undefined ? text : text.replace('{minutes}', String(Math.ceil(minutes / 60)));
}

/** A domain error as a page's field issue: on the field it names, else on the form. */
export const pageIssueOf = (error: DomainError, language: Language) => ({
  path: error.details.field ?? '',
  message: errorText(error, language),
});
