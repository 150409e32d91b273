import { fold } from '../text/fold.js';

export type RoutingRule = {
  id: number;
  officeId: number;
  categories: readonly string[] | null;
  keywords: readonly string[] | null;
  municipalityCodes: readonly string[] | null;
  abroad: boolean | null;
};

export type RoutableLetter = {
  category: string;
  subject: string | null;
  message: string;
  /** Null when the citizen lives abroad. */
  municipalityCode: string | null;
};

export type RoutingDecision = { officeId: number; ruleId: number | null };

/** Whole words only: both sides folded and padded with spaces, so "sud" does not match "sudbina". */
function mentions(foldedText: string, keyword: string): boolean {
  const needle = fold(keyword);
  return needle !== '' && foldedText.includes(` ${needle} `);
}

function matches(rule: RoutingRule, letter: RoutableLetter, foldedText: string): boolean {
  if (rule.categories && !rule.categories.includes(letter.category)) return false;
  if (rule.municipalityCodes && (letter.municipalityCode === null || !rule.municipalityCodes.includes(letter.municipalityCode))) {
    return false;
  }
  if (rule.abroad !== null && rule.abroad !== (letter.municipalityCode === null)) return false;
  if (rule.keywords && !rule.keywords.some((k) => mentions(foldedText, k))) return false;
  // A rule with no condition at all would swallow every letter; the database forbids it, and so does this.
  return hasCondition(rule);
}

type Conditions = { categories?: unknown; keywords?: unknown; municipalityCodes?: unknown; abroad?: unknown };

/** At least one of category, words, municipalities or abroad is set. */
export const hasCondition = (r: Conditions): boolean =>
  [r.categories, r.keywords, r.municipalityCodes, r.abroad].some((c) => c !== null && c !== undefined);

/** The office for a letter: the first rule (in the given order) that matches, else the default office. */
export function routeLetter(letter: RoutableLetter, rules: readonly RoutingRule[], defaultOfficeId: number): RoutingDecision {
  const foldedText = ` ${fold(`${letter.subject ?? ''} ${letter.message}`)} `;
  const rule = rules.find((r) => matches(r, letter, foldedText));
  return rule ? { officeId: rule.officeId, ruleId: rule.id } : { officeId: defaultOfficeId, ruleId: null };
}
