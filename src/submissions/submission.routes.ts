import express, { Router, type Request } from 'express';
import type { Pool } from '../db/pool.js';
import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, type Language } from '../i18n/language.js';
import { ApiError, notFound } from '../http/api-error.js';
import { limitJsonDepth } from '../http/json-depth.js';
import { validationFailed } from '../http/validation.js';
import type { Logger } from '../logger.js';
import type { IntakeMetrics } from './accept.js';
import type { Producers } from '../queue/producers.js';
import { isValidIdempotencyKey } from './idempotency.js';
import { isValidReference } from './reference.js';
import { letterFromWeb, webSubmissionSchema } from './submission.schema.js';
import { findTrackedLetter } from './submission.store.js';
import { acceptLetter } from './accept.js';
import { tokenMatches } from './tracking-token.js';

export type SubmissionRoutesDeps = {
  pool: Pool;
  producers: Pick<Producers, 'enqueueRoute'> | undefined;
  clock: () => Date;
  logger: Logger;
  metrics: IntakeMetrics;
  rateLimit: express.RequestHandler;
};

const BODY_LIMIT = '64kb';
/** A letter is one level deep; the margin is for error answers that still name the fields. */
const MAX_JSON_DEPTH = 8;

function requestLanguage(req: Request, body: unknown): Language {
  const declared = (body as { language?: unknown } | null)?.language;
  if (isLanguage(declared)) return declared;
  return languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;
}

export function submissionRoutes(deps: SubmissionRoutesDeps): Router {
  const router = Router();

  router.post(
    '/submissions',
    deps.rateLimit,
    (req, _res, next) => {
      next(req.is('application/json') ? undefined : new ApiError(415, 'unsupported_media_type', 'unsupported_media_type'));
    },
    express.json({ limit: BODY_LIMIT, strict: false }),
    limitJsonDepth(MAX_JSON_DEPTH),
    async (req, res) => {
      const body: unknown = req.body;
      const language = requestLanguage(req, body);
      res.locals.language = language;

      const idempotencyKey = req.get('idempotency-key');
      if (idempotencyKey !== undefined && !isValidIdempotencyKey(idempotencyKey)) {
        throw new ApiError(400, 'bad_request', 'idempotency_key_invalid');
      }
      const parsed = webSubmissionSchema.safeParse(body);
      if (!parsed.success) throw validationFailed(parsed.error, language);

      const letter = letterFromWeb(parsed.data, language);
      const result = await acceptLetter(deps, letter, deps.clock(), {
        via: 'api',
        reqId: req.id,
        idempotency: idempotencyKey === undefined ? undefined : { key: idempotencyKey, body },
      });
      if (result.kind === 'conflict') throw new ApiError(409, 'idempotency_conflict', 'idempotency_conflict');
      if (result.kind === 'replayed') {
        res.status(200).json(result.receipt);
        return;
      }
      res.status(201).json(result.receipt);
    },
  );

  router.get('/submissions/:reference', async (req, res) => {
    const reference = req.params.reference;
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const letter = isValidReference(reference) ? await findTrackedLetter(deps.pool, reference) : undefined;
    // Same answer, after the same work, for an unknown reference and a wrong token.
    if (!tokenMatches(token, letter?.trackingTokenHash) || !letter) throw notFound();
    res.json({
      reference: letter.reference,
      status: letter.status,
      receivedAt: letter.receivedAt.toISOString(),
      updatedAt: letter.updatedAt.toISOString(),
      office: letter.office,
    });
  });

  return router;
}
