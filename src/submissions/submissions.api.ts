import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { requireJsonBody } from '../http/content-type.js';
import { limitJsonDepth } from '../http/json-depth.js';
import { operationsWith } from '../http/operation.js';
import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, type Language } from '../i18n/language.js';
import type { Logger } from '../logger.js';
import type { Producers } from '../queue/producers.js';
import { acceptLetter, type IntakeMetrics } from './accept.js';
import { isValidIdempotencyKey } from './idempotency.js';
import { receiptSchema, referenceString, trackingSchema } from './submission-responses.schema.js';
import { letterFromWeb, webSubmissionSchema } from './submission.schema.js';
import { trackLetter } from './tracking.actions.js';

export type SubmissionsContext = {
  pool: Pool;
  producers: Pick<Producers, 'enqueueRoute'> | undefined;
  clock: () => Date;
  logger: Logger;
  metrics: IntakeMetrics;
  /** One limit per client for letters from the API and the form together. */
  submissionLimit: RequestHandler;
};

const BODY_LIMIT = '64kb';
/** A letter is one level deep; the margin is for error answers that still name the fields. */
const MAX_JSON_DEPTH = 8;

function requestLanguage(req: Request, body: unknown): Language {
  const declared = (body as { language?: unknown } | null)?.language;
  if (isLanguage(declared)) return declared;
  return languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;
}

/** Errors about the letter are answered in its language, when it names one. */
const letterLanguage: RequestHandler = (req, res, next) => {
  res.locals.language = requestLanguage(req, req.body);
  next();
};

/** A malformed key is refused before the letter is looked at. */
const idempotencyKeyCheck: RequestHandler = (req, _res, next) => {
  const key = req.get('idempotency-key');
  next(key !== undefined && !isValidIdempotencyKey(key) ? new DomainError('idempotency_key_invalid') : undefined);
};

const operation = operationsWith<SubmissionsContext>();

const post = operation({
  method: 'post',
  path: '/api/v1/submissions',
  tag: 'Public',
  summary: 'Send a letter',
  description:
    'Names: 1–100 letters of any script, NFC-normalised and trimmed, no digits or control characters. ' +
    '`municipality`: a Serbian city or municipality in either script, any case, diacritics optional; or `abroad` with ' +
    '`country` (ISO 3166-1 alpha-2). `address` 5–300 characters. `email` or `phone` (at least one; phone parsed with ' +
    'Serbia as default country). `subject` ≤ 200, `message` 10–10,000 characters. `consent` must be true. ' +
    'Any other field is refused; `website` is a honeypot.',
  permission: 'public',
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .regex(/^[\x21-\x7e]{8,128}$/)
        .optional()
        .meta({ description: 'The same key and body give the first answer again (200); another body gives 409' }),
      'accept-language': z.string().optional().meta({ description: 'Language of error messages when the body names none' }),
    }),
    body: webSubmissionSchema,
    bodyLimit: BODY_LIMIT,
    strictJson: false,
  },
  before: (ctx) => [ctx.submissionLimit, requireJsonBody],
  afterBody: [limitJsonDepth(MAX_JSON_DEPTH), letterLanguage, idempotencyKeyCheck],
  responses: {
    201: { description: 'Stored durably in PostgreSQL; queueing may still be pending', schema: receiptSchema },
    200: { description: 'Replay of the same Idempotency-Key with the same body: the first answer', schema: receiptSchema },
    400: 'malformed_json: the body is not JSON; bad_request: invalid Idempotency-Key',
    409: 'idempotency_conflict: the same Idempotency-Key with another body',
    413: 'payload_too_large: body over 64 KiB',
    415: 'unsupported_media_type: not application/json',
    422: "validation_failed: one issue per field, in the letter's language",
    429: 'rate_limited: too many letters from this client',
  },
  handler: async ({ body, req, res }, ctx) => {
    const language: Language = isLanguage(res.locals.language) ? res.locals.language : DEFAULT_LANGUAGE;
    const key = req.get('idempotency-key');
    const result = await acceptLetter(ctx, letterFromWeb(body, language), ctx.clock(), {
      via: 'api',
      reqId: req.id,
      // The body as sent: a replay is the same request, not merely the same letter.
      idempotency: key === undefined ? undefined : { key, body: req.body as unknown },
    });
    if (result.kind === 'conflict') throw new DomainError('idempotency_conflict');
    return { status: result.kind === 'replayed' ? 200 : 201, body: result.receipt };
  },
});

const track = operation({
  method: 'get',
  path: '/api/v1/submissions/:reference',
  tag: 'Public',
  summary: 'Track a letter',
  permission: 'public',
  request: {
    params: z.object({ reference: referenceString() }),
    query: z.object({ token: z.string().meta({ description: 'The trackingToken from the receipt' }) }),
  },
  // No token is a wrong token.
  invalidQuery: () => new DomainError('not_found'),
  responses: {
    200: { description: 'The letter', schema: trackingSchema },
    404: 'not_found: an unknown reference and a wrong token give the same answer',
  },
  handler: async ({ params, query }, ctx) => {
    const letter = await trackLetter(ctx.pool, params.reference, query.token);
    return {
      status: 200,
      body: { ...letter, receivedAt: letter.receivedAt.toISOString(), updatedAt: letter.updatedAt.toISOString() },
    };
  },
});

export const submissionsApi = [post, track];
