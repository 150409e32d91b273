import type { MessageKey } from '../i18n/messages.js';

import type { Issue } from '../i18n/issues.js';

/** The one error type handlers throw; the error middleware turns it into the contract's JSON shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly options: { issues?: Issue[]; retryAfterSeconds?: number } = {},
  ) {
    super(code);
  }
}

export const notFound = () => new ApiError(404, 'not_found', 'not_found');
export const unavailable = (retryAfterSeconds = 5) =>
  new ApiError(503, 'unavailable', 'unavailable', { retryAfterSeconds });
