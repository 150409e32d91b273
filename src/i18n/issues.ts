import type { z } from 'zod';
import { MUNICIPALITIES } from '../geo/municipalities.data.js';
import type { Language } from './language.js';
import { isMessageKey, translate } from './messages.js';

/** One field's problem as the API and the pages tell it. */
export type Issue = { path: string; message: string; suggestions?: string[] };

const municipalityByCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

function suggestionNames(codes: unknown, language: Language): string[] {
  if (!Array.isArray(codes)) return [];
  return codes
    .map((code) => municipalityByCode.get(String(code)))
    .filter((m) => m !== undefined)
    .map((m) => (language === 'sr-Cyrl' ? m.nameCyrl : m.nameLatn));
}

/** Zod's issues as the contract's `issues`: one per field, in the reader's language. */
export function describeIssues(error: z.ZodError, language: Language): Issue[] {
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: [...issue.path, key].join('.'), message: translate('unknown_field', language) });
      }
      continue;
    }
    const key = isMessageKey(issue.message) ? issue.message : 'invalid_value';
    const params: Record<string, string | number> = {};
    if (issue.code === 'too_small') params.min = Number(issue.minimum);
    if (issue.code === 'too_big') params.max = Number(issue.maximum);
    const described: Issue = { path: issue.path.join('.'), message: translate(key, language, params) };
    if (issue.code === 'custom' && key === 'municipality_unknown') {
      const names = suggestionNames((issue.params as { suggestions?: unknown } | undefined)?.suggestions, language);
      if (names.length > 0) {
        described.message += ' ' + translate('did_you_mean', language, { options: names.join(', ') });
        described.suggestions = names;
      }
    }
    issues.push(described);
  }
  return issues;
}
