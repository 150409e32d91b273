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
    'sr-Cyrl': 'Ова радња није могућа у садашњем статусу писма.',
    'sr-Latn': 'Ova radnja nije moguća u sadašnjem statusu pisma.',
    en: "This is not possible in the letter's current status.",
  },
  idempotency_conflict: {
    'sr-Cyrl': 'Овај захтев је већ послат са другачијим садржајем.',
    'sr-Latn': 'Ovaj zahtev je već poslat sa drugačijim sadržajem.',
    en: 'This request was already sent with different content.',
  },
  idempotency_key_invalid: {
    'sr-Cyrl': 'Idempotency-Key мора имати 8 до 128 видљивих ASCII знакова.',
    'sr-Latn': 'Idempotency-Key mora imati 8 do 128 vidljivih ASCII znakova.',
    en: 'Idempotency-Key must be 8 to 128 visible ASCII characters.',
  },
  bad_cursor: {
    'sr-Cyrl': 'Неисправна ознака стране; почните од прве стране.',
    'sr-Latn': 'Neispravna oznaka strane; počnite od prve strane.',
    en: 'Invalid page marker; start again from the first page.',
  },
  bad_query: {
    'sr-Cyrl': 'Неисправан упит: непозната вредност филтера.',
    'sr-Latn': 'Neispravan upit: nepoznata vrednost filtera.',
    en: 'Invalid query: an unknown filter value.',
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
    'sr-Cyrl': 'Код није исправан или је већ искоришћен. Сачекајте следећи код и покушајте поново.',
    'sr-Latn': 'Kod nije ispravan ili je već iskorišćen. Sačekajte sledeći kod i pokušajte ponovo.',
    en: 'The code is wrong or has already been used. Wait for the next code and try again.',
  },
  unknown_letter: {
    'sr-Cyrl': 'Нема писма са тим бројем.',
    'sr-Latn': 'Nema pisma sa tim brojem.',
    en: 'No letter has this reference.',
  },
  already_handled: {
    'sr-Cyrl': 'Ову поруку је неко већ обрадио.',
    'sr-Latn': 'Ovu poruku je neko već obradio.',
    en: 'Someone has already dealt with this message.',
  },
  no_sender: {
    'sr-Cyrl': 'Порука нема адресу пошиљаоца, па од ње не може бити писмо.',
    'sr-Latn': 'Poruka nema adresu pošiljaoca, pa od nje ne može biti pismo.',
    en: 'The message has no sender address, so it cannot become a letter.',
  },
  received_at_invalid: {
    'sr-Cyrl': 'Датум пријема не сме бити у будућности ни пре 1990. године.',
    'sr-Latn': 'Datum prijema ne sme biti u budućnosti ni pre 1990. godine.',
    en: 'The date received may not be in the future or before 1990.',
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
  wrong_proof: {
    'sr-Cyrl': 'Лозинка није исправна.',
    'sr-Latn': 'Lozinka nije ispravna.',
    en: 'The password is wrong.',
  },
  second_factor_required: {
    'sr-Cyrl': 'Упишите код из апликације за потврду идентитета.',
    'sr-Latn': 'Upišite kod iz aplikacije za potvrdu identiteta.',
    en: 'Enter the code from your authenticator app.',
  },
  account_locked: {
    'sr-Cyrl': 'Превише неуспешних пријава; налог је привремено закључан. Покушајте поново за {minutes} мин.',
    'sr-Latn': 'Previše neuspešnih prijava; nalog je privremeno zaključan. Pokušajte ponovo za {minutes} min.',
    en: 'Too many failed sign-ins; the account is locked for now. Try again in {minutes} min.',
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
