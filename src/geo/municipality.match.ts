// Finding a local self-government unit by the name a citizen typed: any
// script, any case, with or without diacritics, with or without "Grad" /
// "Opština" / "Gradska opština" in front. Pure; the indexes are built once
// when the module is loaded.

import { fold } from '../text/fold.js';
import {
  CITY_MUNICIPALITIES,
  MUNICIPALITIES,
  type Municipality,
  type MunicipalityKind,
} from './municipalities.data.js';

export { MUNICIPALITIES, type Municipality, type MunicipalityKind };

export type MunicipalityListItem = Pick<Municipality, 'code' | 'nameCyrl' | 'nameLatn'>;

/** Which unit a shared name means when nothing says otherwise: the city first. */
const DEFAULT_ORDER: readonly MunicipalityKind[] = ['city', 'municipality', 'city_municipality'];

/**
 * Words written in front of the name (already folded), longest first, and
 * which kind of unit each one points to when the name is shared
 * ("Gradska opština Vranje" is the city municipality, "Vranje" the city).
 */
const PREFIXES: ReadonlyArray<readonly [string, readonly MunicipalityKind[]]> = [
  ['gradska opstina', ['city_municipality', 'municipality', 'city']],
  ['city municipality of', ['city_municipality', 'municipality', 'city']],
  ['municipality of', ['municipality', 'city_municipality', 'city']],
  ['opstina', ['municipality', 'city_municipality', 'city']],
  ['city of', DEFAULT_ORDER],
  ['grad', DEFAULT_ORDER],
  ['go', ['city_municipality', 'municipality', 'city']], // "ГО Звездара"
];

/**
 * Other names in use for a unit: the English name of the capital, the
 * Geodetic Authority's spellings, and Petrovaradin, a city municipality of
 * Novi Sad until 2019 that still appears in addresses.
 */
const ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['Belgrade', 'beograd'],
  ['Soko Banja', 'sokobanja'],
  ['Petrovac', 'petrovac-na-mlavi'],
  ['Petrovaradin', 'novi-sad'],
  ['Петроварадин', 'novi-sad'],
];

const collator = new Intl.Collator('sr-Latn');

const rank = new Map<Municipality, number>(MUNICIPALITIES.map((m, i) => [m, i]));
const byCode = new Map<string, Municipality>(MUNICIPALITIES.map((m) => [m.code, m]));

/** Folded name → every unit known by it, the one meant by default first. */
const index = new Map<string, Municipality[]>();

function addKey(key: string, m: Municipality): void {
  if (key === '') return;
  const list = index.get(key);
  if (list === undefined) index.set(key, [m]);
  else if (!list.includes(m)) list.push(m);
}

for (const m of MUNICIPALITIES) {
  addKey(fold(m.nameLatn), m);
  addKey(fold(m.nameCyrl), m);
}
// "Niš - Palilula", "Palilula (Niš)", "Beograd-Zvezdara": the city's name
// next to its city municipality's tells Belgrade's Palilula from Niš's.
for (const [cityCode, memberCodes] of Object.entries(CITY_MUNICIPALITIES)) {
  const city = byCode.get(cityCode);
  if (city === undefined) continue;
  for (const memberCode of memberCodes) {
    const member = byCode.get(memberCode);
    if (member === undefined) continue;
    for (const cityName of new Set([fold(city.nameLatn), fold(city.nameCyrl)])) {
      for (const memberName of new Set([fold(member.nameLatn), fold(member.nameCyrl)])) {
        addKey(`${cityName} ${memberName}`, member);
        addKey(`${memberName} ${cityName}`, member);
      }
    }
  }
}
for (const [alias, code] of ALIASES) {
  const m = byCode.get(code);
  if (m !== undefined) addKey(fold(alias), m);
}

function kindOrder(order: readonly MunicipalityKind[], kind: MunicipalityKind): number {
  const i = order.indexOf(kind);
  return i === -1 ? order.length : i;
}

function compareBy(order: readonly MunicipalityKind[]) {
  return (a: Municipality, b: Municipality): number =>
    kindOrder(order, a.kind) - kindOrder(order, b.kind) || (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
}

for (const list of index.values()) list.sort(compareBy(DEFAULT_ORDER));

const indexKeys: readonly string[] = [...index.keys()];

function pick(
  candidates: readonly Municipality[],
  order: readonly MunicipalityKind[],
): Municipality | undefined {
  if (order === DEFAULT_ORDER) return candidates[0];
  return [...candidates].sort(compareBy(order))[0];
}

/** The folded input with a leading "Grad" / "Opština" … removed, if there was one. */
function stripPrefix(key: string): { rest: string; order: readonly MunicipalityKind[] } | undefined {
  for (const [prefix, order] of PREFIXES) {
    if (key.startsWith(`${prefix} `)) {
      const rest = key.slice(prefix.length + 1);
      if (rest !== '') return { rest, order };
    }
  }
  return undefined;
}

/**
 * The unit the input names, ignoring case, script, diacritics, extra spaces
 * and punctuation, and a leading "Grad", "Opština", "Gradska opština" (or
 * "GO", "City of", "Municipality of"). A name shared by several units gives
 * the city (Vranje → the City of Vranje) unless the prefix says otherwise
 * ("Gradska opština Vranje"); Palilula alone gives Belgrade's, "Niš
 * Palilula" Niš's.
 */
export function findMunicipality(input: string): Municipality | undefined {
  const key = fold(input);
  if (key === '') return undefined;
  const direct = index.get(key);
  if (direct !== undefined) return direct[0];
  const stripped = stripPrefix(key);
  if (stripped === undefined) return undefined;
  const found = index.get(stripped.rest);
  return found === undefined ? undefined : pick(found, stripped.order);
}

/** The unit with this code, for codes read back from storage. */
export function getMunicipality(code: string): Municipality | undefined {
  return byCode.get(code);
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two adjacent
 * letters). Stops early and returns `max + 1` once the distance must exceed
 * `max`.
 */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0); // row i - 2
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j); // row i - 1
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length] ?? max + 1;
}

/**
 * Up to `limit` units whose name is nearest to the input, for "did you
 * mean …?": nearest first, equally near ones by name. Only close names are
 * offered: at most 2 edits, or 40% of the input's length when longer, and
 * always fewer edits than the input has letters. A name shared by several
 * units is offered once, as the unit `findMunicipality` would give.
 */
export function suggestMunicipalities(input: string, limit = 3): Municipality[] {
  const wanted = Math.floor(limit);
  if (!(wanted > 0)) return [];
  let query = fold(input);
  let order = DEFAULT_ORDER;
  const stripped = stripPrefix(query);
  if (stripped !== undefined && !index.has(query)) {
    query = stripped.rest;
    order = stripped.order;
  }
  const max = Math.min(Math.max(2, Math.floor(query.length * 0.4)), query.length - 1);
  if (max < 0) return [];

  // Nearest distance per name: the units sharing a key are one suggestion.
  const nearest = new Map<Municipality, number>();
  for (const key of indexKeys) {
    const d = editDistance(query, key, max);
    if (d > max) continue;
    const candidates = index.get(key);
    const m = candidates === undefined ? undefined : pick(candidates, order);
    if (m === undefined) continue;
    const seen = nearest.get(m);
    if (seen === undefined || d < seen) nearest.set(m, d);
  }

  // Two different units with the same name (the other Palilula, the city
  // municipality Vranje) can still both be here through other keys; keep the
  // preferred one.
  const byName = new Map<string, [Municipality, number]>();
  for (const [m, d] of nearest) {
    const name = fold(m.nameLatn);
    const other = byName.get(name);
    if (
      other === undefined ||
      d < other[1] ||
      (d === other[1] && compareBy(order)(m, other[0]) < 0)
    ) {
      byName.set(name, [m, d]);
    }
  }

  return [...byName.values()]
    .sort(
      ([a, da], [b, db]) =>
        da - db || collator.compare(a.nameLatn, b.nameLatn) || compareBy(order)(a, b),
    )
    .slice(0, wanted)
    .map(([m]) => m);
}

const listing: readonly MunicipalityListItem[] = [...MUNICIPALITIES]
  .sort(
    (a, b) =>
      collator.compare(a.nameLatn, b.nameLatn) ||
      compareBy(DEFAULT_ORDER)(a, b) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  )
  .map(({ code, nameCyrl, nameLatn }) => ({ code, nameCyrl, nameLatn }));

/** Every unit, by Latin name in Serbian alphabetical order (… C, Č, Ć, D, Dž, Đ …). */
export function listMunicipalities(): MunicipalityListItem[] {
  return listing.map((item) => ({ ...item }));
}
