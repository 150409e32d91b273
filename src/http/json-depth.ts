import type { RequestHandler } from 'express';
import { translate } from '../i18n/messages.js';
import { ApiError } from './api-error.js';
import { answerLanguage } from './error-handler.js';

/** Whether a parsed JSON value nests arrays/objects deeper than `max` levels; iterative, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * After express.json: refuses (422) a body nested deeper than `max` levels
 * before any handler walks it. JSON.parse copes with any depth, but recursive
 * code further on (JSON.stringify, canonicalisation, logging) may not.
 */
export function limitJsonDepth(max: number): RequestHandler {
  return (req, res, next) => {
    if (!nestsDeeperThan(req.body, max)) return next();
    const message = translate('too_deep', answerLanguage(req, res), { max });
    next(new ApiError(422, 'validation_failed', 'validation_failed', { issues: [{ path: '', message }] }));
  };
}
