import type { z } from 'zod';
import type { Language } from '../i18n/language.js';
import { describeIssues } from '../i18n/issues.js';
import { ApiError } from './api-error.js';

export function validationFailed(error: z.ZodError, language: Language): ApiError {
  return new ApiError(422, 'validation_failed', 'validation_failed', { issues: describeIssues(error, language) });
}
