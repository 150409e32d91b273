import type { ErrorRequestHandler, Request, Response } from 'express';
import { isDatabaseUnavailable } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, type Language } from '../i18n/language.js';
import { translate } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import { ApiError, unavailable } from './api-error.js';
import { apiErrorOf } from './domain-errors.js';

/** The language an answer is written in: the letter's if known, else the reader's Accept-Language. */
export function answerLanguage(req: Request, res: Response): Language {
  const chosen: unknown = res.locals.language;
  if (isLanguage(chosen)) return chosen;
  return languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;
}

/** body-parser's error types to the contract's answers. */
function fromBodyParser(error: { type?: unknown; status?: unknown }): ApiError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'malformed_json', 'malformed_json');
    case 'entity.too.large':
      return new ApiError(413, 'payload_too_large', 'payload_too_large');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ApiError(415, 'unsupported_media_type', 'unsupported_media_type');
    default:
      return typeof error.status === 'number' && error.status >= 400 && error.status < 500
        ? new ApiError(error.status, 'bad_request', 'bad_request')
        : undefined;
  }
}

export function sendApiError(req: Request, res: Response, error: ApiError): void {
  const language = answerLanguage(req, res);
  if (error.options.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.options.retryAfterSeconds));
  res.status(error.status).json({
    error: error.code,
    message: translate(error.messageKey, language),
    ...(error.options.issues ? { issues: error.options.issues } : {}),
  });
}

/** Every error becomes the contract's `{error, message}`; nothing internal leaves the process. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if (error instanceof DomainError) apiError = apiErrorOf(error, answerLanguage(req, res));
    else if (isDatabaseUnavailable(error)) {
      logger.warn({ reqId: req.id, err: { code: (error as { code?: unknown }).code } }, 'database unavailable');
      apiError = unavailable();
    } else {
      const fromParser = error !== null && typeof error === 'object' ? fromBodyParser(error) : undefined;
      if (fromParser) apiError = fromParser;
      else {
        const err = error as Error;
        // Only the type and stack: messages of driver errors can quote the data.
        logger.error({ reqId: req.id, errType: err?.name, stack: err?.stack }, 'unhandled error');
        apiError = new ApiError(500, 'internal_error', 'internal_error');
      }
    }
    if (res.headersSent) return;
    sendApiError(req, res, apiError);
  };
}
