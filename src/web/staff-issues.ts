import type { z } from 'zod';
import { describeIssues, type Issue } from '../i18n/issues.js';
import { isMessageKey, translate } from '../i18n/messages.js';
import { STAFF_LANGUAGE } from './staff.texts.js';

/** Letter fields' issues: the schemas carry message keys, translated as for the API. */
export const letterIssues = (error: z.ZodError): Issue[] => describeIssues(error, STAFF_LANGUAGE);

/**
 * Issues of the staff-side schemas (actions, admin forms), whose messages are
 * mostly zod's own: told in Serbian by what went wrong, one per field.
 */
export function formIssues(error: z.ZodError): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.join('.');
    const head = String(issue.path[0] ?? '');
    if (seen.has(head)) continue;
    seen.add(head);
    let message: string;
    if (isMessageKey(issue.message)) message = translate(issue.message, STAFF_LANGUAGE);
    else if (issue.code === 'too_small' && issue.origin === 'string') {
      message = Number(issue.minimum) <= 1 ? translate('required', STAFF_LANGUAGE) : translate('too_short', STAFF_LANGUAGE, { min: Number(issue.minimum) });
    } else if (issue.code === 'too_small' && issue.origin === 'array') message = translate('required', STAFF_LANGUAGE);
    else if (issue.code === 'too_big' && issue.origin === 'string') message = translate('too_long', STAFF_LANGUAGE, { max: Number(issue.maximum) });
    else if (issue.code === 'invalid_format' && issue.format === 'email') message = translate('email_invalid', STAFF_LANGUAGE);
    else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = translate('required', STAFF_LANGUAGE);
    else message = translate('invalid_value', STAFF_LANGUAGE);
    issues.push({ path, message });
  }
  return issues;
}
