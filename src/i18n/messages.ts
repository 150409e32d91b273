import type { Language } from './language.js';

type Text = Readonly<Record<Language, string>>;

/** Every text an API answer can carry, in each language; `{name}` placeholders are filled by `translate`. */
const MESSAGES = {
  required: {
    'sr-Cyrl': 'Ово поље је обавезно.',
    'sr-Latn': 'Ovo polje je obavezno.',
    en: 'This field is required.',
  },
  type_string: {
    'sr-Cyrl': 'Очекује се текст.',
    'sr-Latn': 'Očekuje se tekst.',
    en: 'Must be text.',
  },
  too_short: {
    'sr-Cyrl': 'Најмање {min} знакова.',
    'sr-Latn': 'Najmanje {min} znakova.',
    en: 'At least {min} characters.',
  },
  too_long: {
    'sr-Cyrl': 'Највише {max} знакова.',
    'sr-Latn': 'Najviše {max} znakova.',
    en: 'At most {max} characters.',
  },
  name_chars: {
    'sr-Cyrl': 'Дозвољена су само слова, размак, цртица, апостроф и тачка.',
    'sr-Latn': 'Dozvoljena su samo slova, razmak, crtica, apostrof i tačka.',
    en: 'Only letters, spaces, hyphens, apostrophes and periods are allowed.',
  },
  control_chars: {
    'sr-Cyrl': 'Садржи недозвољене контролне знакове (на пример прелом реда).',
    'sr-Latn': 'Sadrži nedozvoljene kontrolne znakove (na primer prelom reda).',
    en: 'Contains control characters (such as a line break), which are not allowed here.',
  },
  municipality_unknown: {
    'sr-Cyrl': 'Непознат град или општина.',
    'sr-Latn': 'Nepoznat grad ili opština.',
    en: 'Unknown city or municipality.',
  },
  did_you_mean: {
    'sr-Cyrl': 'Да ли сте мислили: {options}?',
    'sr-Latn': 'Da li ste mislili: {options}?',
    en: 'Did you mean: {options}?',
  },
  country_required: {
    'sr-Cyrl': 'Изаберите државу у којој живите.',
    'sr-Latn': 'Izaberite državu u kojoj živite.',
    en: 'Choose the country you live in.',
  },
  country_invalid: {
    'sr-Cyrl': 'Непозната држава (очекује се двословни ISO 3166 код).',
    'sr-Latn': 'Nepoznata država (očekuje se dvoslovni ISO 3166 kod).',
    en: 'Unknown country (a two-letter ISO 3166 code is expected).',
  },
  country_is_serbia: {
    'sr-Cyrl': 'За адресу у Србији упишите град или општину.',
    'sr-Latn': 'Za adresu u Srbiji upišite grad ili opštinu.',
    en: 'For an address in Serbia, enter the city or municipality.',
  },
  country_without_abroad: {
    'sr-Cyrl': 'Државу наведите само ако живите у иностранству.',
    'sr-Latn': 'Državu navedite samo ako živite u inostranstvu.',
    en: 'Give a country only if you live abroad.',
  },
  email_invalid: {
    'sr-Cyrl': 'Неисправна адреса е-поште.',
    'sr-Latn': 'Neispravna adresa e-pošte.',
    en: 'Not a valid email address.',
  },
  phone_invalid: {
    'sr-Cyrl': 'Неисправан број телефона.',
    'sr-Latn': 'Neispravan broj telefona.',
    en: 'Not a valid phone number.',
  },
  contact_required: {
    'sr-Cyrl': 'Наведите адресу е-поште или број телефона.',
    'sr-Latn': 'Navedite adresu e-pošte ili broj telefona.',
    en: 'Give an email address or a phone number.',
  },
  category_invalid: {
    'sr-Cyrl': 'Непозната врста обраћања.',
    'sr-Latn': 'Nepoznata vrsta obraćanja.',
    en: 'Unknown category.',
  },
  language_invalid: {
    'sr-Cyrl': 'Језик мора бити sr-Cyrl, sr-Latn или en.',
    'sr-Latn': 'Jezik mora biti sr-Cyrl, sr-Latn ili en.',
    en: 'Language must be sr-Cyrl, sr-Latn or en.',
  },
  consent_required: {
    'sr-Cyrl': 'Потребна је ваша сагласност за обраду података о личности.',
    'sr-Latn': 'Potrebna je vaša saglasnost za obradu podataka o ličnosti.',
    en: 'Your consent to the processing of personal data is required.',
  },
  unknown_field: {
    'sr-Cyrl': 'Непознато поље.',
    'sr-Latn': 'Nepoznato polje.',
    en: 'Unknown field.',
  },
  body_object: {
    'sr-Cyrl': 'Тело захтева мора бити JSON објекат.',
    'sr-Latn': 'Telo zahteva mora biti JSON objekat.',
    en: 'The request body must be a JSON object.',
  },
  too_deep: {
    'sr-Cyrl': 'Тело захтева је угнежђено дубље од {max} нивоа.',
    'sr-Latn': 'Telo zahteva je ugnežđeno dublje od {max} nivoa.',
    en: 'The request body is nested deeper than {max} levels.',
  },
  invalid_value: {
    'sr-Cyrl': 'Неисправна вредност.',
    'sr-Latn': 'Neispravna vrednost.',
    en: 'Invalid value.',
  },
  validation_failed: {
    'sr-Cyrl': 'Писмо садржи грешке; погледајте списак.',
    'sr-Latn': 'Pismo sadrži greške; pogledajte spisak.',
    en: 'The letter has errors; see the list of issues.',
  },
  malformed_json: {
    'sr-Cyrl': 'Тело захтева није исправан JSON.',
    'sr-Latn': 'Telo zahteva nije ispravan JSON.',
    en: 'The request body is not valid JSON.',
  },
  payload_too_large: {
    'sr-Cyrl': 'Захтев је већи од 64 KiB.',
    'sr-Latn': 'Zahtev je veći od 64 KiB.',
    en: 'The request is larger than 64 KiB.',
  },
  unsupported_media_type: {
    'sr-Cyrl': 'Пошаљите тело као application/json.',
    'sr-Latn': 'Pošaljite telo kao application/json.',
    en: 'Send the body as application/json.',
  },
  idempotency_conflict: {
    'sr-Cyrl': 'Овај Idempotency-Key је већ употребљен за друго писмо.',
    'sr-Latn': 'Ovaj Idempotency-Key je već upotrebljen za drugo pismo.',
    en: 'This Idempotency-Key was already used for a different letter.',
  },
  idempotency_key_invalid: {
    'sr-Cyrl': 'Idempotency-Key мора имати 8 до 128 видљивих ASCII знакова.',
    'sr-Latn': 'Idempotency-Key mora imati 8 do 128 vidljivih ASCII znakova.',
    en: 'Idempotency-Key must be 8 to 128 visible ASCII characters.',
  },
  rate_limited: {
    'sr-Cyrl': 'Превише писама са ове адресе; покушајте касније.',
    'sr-Latn': 'Previše pisama sa ove adrese; pokušajte kasnije.',
    en: 'Too many letters from this address; try again later.',
  },
  unavailable: {
    'sr-Cyrl': 'Услуга је привремено недоступна; покушајте поново за који минут.',
    'sr-Latn': 'Usluga je privremeno nedostupna; pokušajte ponovo za koji minut.',
    en: 'The service is temporarily unavailable; try again in a minute.',
  },
  not_found: {
    'sr-Cyrl': 'Није пронађено.',
    'sr-Latn': 'Nije pronađeno.',
    en: 'Not found.',
  },
  bad_request: {
    'sr-Cyrl': 'Неисправан захтев.',
    'sr-Latn': 'Neispravan zahtev.',
    en: 'Bad request.',
  },
  invalid_credentials: {
    'sr-Cyrl': 'Погрешна адреса е-поште или лозинка.',
    'sr-Latn': 'Pogrešna adresa e-pošte ili lozinka.',
    en: 'Wrong email or password.',
  },
  account_locked: {
    'sr-Cyrl': 'Превише неуспешних пријава; налог је закључан 15 минута.',
    'sr-Latn': 'Previše neuspešnih prijava; nalog je zaključan 15 minuta.',
    en: 'Too many failed logins; the account is locked for 15 minutes.',
  },
  second_factor_required: {
    'sr-Cyrl': 'Унесите код из апликације за потврду идентитета (или код за опоравак).',
    'sr-Latn': 'Unesite kod iz aplikacije za potvrdu identiteta (ili kod za oporavak).',
    en: 'Enter the code from your authenticator app (or a recovery code).',
  },
  enrolment_required: {
    'sr-Cyrl': 'Прво подесите други фактор пријаве (апликацију за кодове).',
    'sr-Latn': 'Prvo podesite drugi faktor prijave (aplikaciju za kodove).',
    en: 'Set up the second factor (an authenticator app) first.',
  },
  second_factor_mandatory: {
    'sr-Cyrl': 'За ову улогу други фактор пријаве је обавезан.',
    'sr-Latn': 'Za ovu ulogu drugi faktor prijave je obavezan.',
    en: 'The second factor is mandatory for this role.',
  },
  invalid_code: {
    'sr-Cyrl': 'Код није исправан или је истекао.',
    'sr-Latn': 'Kod nije ispravan ili je istekao.',
    en: 'The code is wrong or has expired.',
  },
  unauthenticated: {
    'sr-Cyrl': 'Пријавите се.',
    'sr-Latn': 'Prijavite se.',
    en: 'Please log in.',
  },
  password_too_common: {
    'sr-Cyrl': 'Ова лозинка је честа или лака за погађање; изаберите дужу фразу од неповезаних речи.',
    'sr-Latn': 'Ova lozinka je česta ili laka za pogađanje; izaberite dužu frazu od nepovezanih reči.',
    en: 'This password is common or easy to guess; choose a longer phrase of unrelated words.',
  },
  password_unchanged: {
    'sr-Cyrl': 'Нова лозинка мора бити другачија од садашње.',
    'sr-Latn': 'Nova lozinka mora biti drugačija od sadašnje.',
    en: 'The new password must differ from the current one.',
  },
  current_password_wrong: {
    'sr-Cyrl': 'Садашња лозинка није тачна.',
    'sr-Latn': 'Sadašnja lozinka nije tačna.',
    en: 'The current password is wrong.',
  },
  forbidden: {
    'sr-Cyrl': 'Немате овлашћење за ову радњу.',
    'sr-Latn': 'Nemate ovlašćenje za ovu radnju.',
    en: 'You are not allowed to do this.',
  },
  csrf_failed: {
    'sr-Cyrl': 'Захтев је одбијен (заштита од CSRF).',
    'sr-Latn': 'Zahtev je odbijen (zaštita od CSRF).',
    en: 'Request refused (CSRF protection).',
  },
  illegal_transition: {
    'sr-Cyrl': 'Писмо не може прећи у тај статус из садашњег.',
    'sr-Latn': 'Pismo ne može preći u taj status iz sadašnjeg.',
    en: 'The letter cannot move to that status from its current one.',
  },
  conflict: {
    'sr-Cyrl': 'Захтев је у сукобу са тренутним стањем.',
    'sr-Latn': 'Zahtev je u sukobu sa trenutnim stanjem.',
    en: 'The request conflicts with the current state.',
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
  unknown_office: {
    'sr-Cyrl': 'Непозната или неактивна служба.',
    'sr-Latn': 'Nepoznata ili neaktivna služba.',
    en: 'Unknown or inactive office.',
  },
  officer_needs_office: {
    'sr-Cyrl': 'Службеник мора припадати једној служби (њен код).',
    'sr-Latn': 'Službenik mora pripadati jednoj službi (njen kod).',
    en: 'An officer needs an office (its code).',
  },
  office_only_for_officers: {
    'sr-Cyrl': 'Само службеник припада служби; за ову улогу оставите службу празном.',
    'sr-Latn': 'Samo službenik pripada službi; za ovu ulogu ostavite službu praznom.',
    en: 'Only officers are bound to an office; leave it empty for this role.',
  },
  not_an_officer: {
    'sr-Cyrl': 'Није активан службеник службе којој је писмо упућено.',
    'sr-Latn': 'Nije aktivan službenik službe kojoj je pismo upućeno.',
    en: "Not an active officer of the letter's office.",
  },
  rule_needs_condition: {
    'sr-Cyrl': 'Правило мора имати бар један услов.',
    'sr-Latn': 'Pravilo mora imati bar jedan uslov.',
    en: 'A rule needs at least one condition.',
  },
  default_office_required: {
    'sr-Cyrl': 'Прво одредите другу подразумевану службу.',
    'sr-Latn': 'Prvo odredite drugu podrazumevanu službu.',
    en: 'Make another office the default first.',
  },
  internal_error: {
    'sr-Cyrl': 'Дошло је до грешке на серверу.',
    'sr-Latn': 'Došlo je do greške na serveru.',
    en: 'Something went wrong on the server.',
  },
} as const satisfies Record<string, Text>;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(MESSAGES, value);
}

export function translate(key: MessageKey, language: Language, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
