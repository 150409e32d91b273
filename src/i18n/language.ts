export const LANGUAGES = ['sr-Cyrl', 'sr-Latn', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'sr-Cyrl';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** One Accept-Language tag to ours, or undefined: sr-Latn* is Latin, other sr* Cyrillic, en* English. */
function languageOfTag(tag: string): Language | undefined {
  const t = tag.toLowerCase();
  if (t === 'sr-latn' || t.startsWith('sr-latn-')) return 'sr-Latn';
  if (t === 'sr' || t.startsWith('sr-')) return 'sr-Cyrl';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return undefined;
}

/** The best of our languages for an Accept-Language header, by q-value then order. */
export function languageFromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=(.*?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      // RFC 9110 weights: 0 to 1 with up to three decimals; anything else makes the entry invalid.
      const weight = q === undefined ? 1 : /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(q) ? Number(q) : Number.NaN;
      return { tag: tag.trim(), q: weight, index };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const language = languageOfTag(entry.tag);
    if (language) return language;
  }
  return undefined;
}
