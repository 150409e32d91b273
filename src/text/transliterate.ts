// Serbian Cyrillic ↔ Latin (Gaj's alphabet), one letter for one letter except
// the digraphs lj, nj, dž, which are single letters in Cyrillic.

const cyrToLat: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i',
  ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š',
};

const latToCyr: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(cyrToLat).map(([cyr, lat]) => [lat, cyr]),
);

const isUpper = (ch: string | undefined): boolean =>
  ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();

// Unicode has single-character ligatures for the digraphs; treat them as the two letters.
const LIGATURES: Readonly<Record<string, string>> = {
  Ǆ: 'DŽ', ǅ: 'Dž', ǆ: 'dž', Ǉ: 'LJ', ǈ: 'Lj', ǉ: 'lj', Ǌ: 'NJ', ǋ: 'Nj', ǌ: 'nj',
};

export function expandLigatures(text: string): string {
  return text.replace(/[\u01c4-\u01cc]/g, (ch) => LIGATURES[ch] ?? ch);
}

/** Serbian Cyrillic to Latin; anything that is not Serbian Cyrillic passes through. */
export function toLatin(text: string): string {
  const chars = Array.from(text.normalize('NFC'));
  let out = '';
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    const lat = cyrToLat[lower];
    if (lat === undefined) {
      out += ch;
      return;
    }
    if (!isUpper(ch)) {
      out += lat;
      return;
    }
    // Љ is "LJ" inside an upper-case word ("ЉУБА" → "LJUBA") and "Lj" otherwise.
    const next = chars[i + 1];
    const prev = chars[i - 1];
    const allCaps = isUpper(next) || (!/\p{L}/u.test(next ?? '') && isUpper(prev));
    out += allCaps ? lat.toUpperCase() : lat.charAt(0).toUpperCase() + lat.slice(1);
  });
  return out;
}

const CYRILLIC_LOWER = /[\u0430-\u045f]/g;

/** Lower case, then Serbian Cyrillic to Latin: toLatin(text).toLowerCase() without the case rules, for folding. */
export function toLatinLowerCase(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(CYRILLIC_LOWER, (ch) => cyrToLat[ch] ?? ch);
}

/**
 * Serbian Latin to Cyrillic; lj, nj, dž become љ, њ, џ. Words where the pair
 * is two letters (nadživeti, injekcija) cannot be told apart without a
 * dictionary and are written with the digraph.
 */
export function toCyrillic(text: string): string {
  const chars = Array.from(expandLigatures(text.normalize('NFC')));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const pair = (ch + (chars[i + 1] ?? '')).toLowerCase();
    const digraph = pair.length === 2 ? latToCyr[pair] : undefined;
    const single = latToCyr[ch.toLowerCase()];
    const cyr = digraph ?? single;
    if (cyr === undefined) {
      out += ch;
      continue;
    }
    if (digraph !== undefined) i++;
    out += isUpper(ch) ? cyr.toUpperCase() : cyr;
  }
  return out;
}
