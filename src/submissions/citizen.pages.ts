import express, { Router, type Request, type RequestHandler } from 'express';
import type { Pool } from '../db/pool.js';
import { isDomainError } from '../errors.js';
import { rateLimitedFor } from '../http/rate-limit.js';
import { describeIssues } from '../i18n/issues.js';
import { translate } from '../i18n/messages.js';
import { pageLanguage } from '../web/page-language.js';
import { citizenFormPage, FORM_FIELDS, type FormValues } from './citizen-form.page.js';
import { confirmationPage, statusPage } from './citizen-result.page.js';
import type { Receipt } from './intake.js';
import { letterFromWeb, webSubmissionSchema, type NewLetter } from './submission.schema.js';
import { trackLetter } from './tracking.actions.js';

export type CitizenPagesDeps = {
  pool: Pool;
  rateLimit: RequestHandler;
  /** Stores the letter and queues it, exactly as the API does. */
  accept(letter: NewLetter): Promise<Receipt>;
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The posted form as the API's letter: a country with no municipality means "abroad"; consent is a checkbox. */
export function letterFromForm(form: Record<string, unknown>, language: string): Record<string, unknown> {
  const country = text(form.country).trim();
  const municipality = text(form.municipality);
  return {
    name: text(form.name),
    surname: text(form.surname),
    municipality: municipality.trim() === '' && country !== '' ? 'abroad' : municipality,
    country,
    address: text(form.address),
    email: text(form.email),
    phone: text(form.phone),
    category: text(form.category),
    subject: text(form.subject),
    message: text(form.message),
    consent: form.consent === 'true' || form.consent === 'on',
    website: text(form.website),
    language,
  };
}

const valuesOf = (form: Record<string, unknown>): FormValues =>
  Object.fromEntries(FORM_FIELDS.map((f) => [f, text(form[f])]));

const send = (res: express.Response, status: number, body: string) =>
  res.status(status).set('Content-Type', 'text/html; charset=utf-8').set('Cache-Control', 'no-store').send(body);

/** Over the limit: the form again, everything kept, with the reason on top. */
const formRateLimited: express.ErrorRequestHandler = (error, req, res, next) => {
  const retryAfterSeconds = rateLimitedFor(error);
  if (retryAfterSeconds === undefined) {
    next(error);
    return;
  }
  const language = pageLanguage(req, res);
  res.set('Retry-After', String(retryAfterSeconds));
  send(res, 429, citizenFormPage(language, valuesOf((req.body ?? {}) as Record<string, unknown>), [
    { path: '', message: translate('rate_limited', language) },
  ]));
};

/** The citizen's pages: the form (also without JavaScript), the confirmation, and the tracking page. */
export function citizenPages(deps: CitizenPagesDeps): Router {
  const router = Router();

  router.get('/', (req, res) => {
    send(res, 200, citizenFormPage(pageLanguage(req, res), {}, []));
  });

  // The body is read before the limit is checked, so a refused letter comes back with its text.
  router.post('/', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }), deps.rateLimit, async (req: Request, res: express.Response) => {
    const language = pageLanguage(req, res);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const parsed = webSubmissionSchema.safeParse(letterFromForm(form, language));
    if (!parsed.success) {
      send(res, 422, citizenFormPage(language, valuesOf(form), describeIssues(parsed.error, language)));
      return;
    }
    const receipt = await deps.accept(letterFromWeb(parsed.data, language));
    send(res, 201, confirmationPage(language, receipt));
  }, formRateLimited);

  router.get('/status', async (req, res) => {
    const language = pageLanguage(req, res);
    const reference = text(req.query.reference).trim().toUpperCase();
    const token = text(req.query.token).trim();
    if (!reference && !token) {
      send(res, 200, statusPage(language, { kind: 'form', reference: '' }));
      return;
    }
    try {
      send(res, 200, statusPage(language, { kind: 'found', ...(await trackLetter(deps.pool, reference, token)) }));
    } catch (error) {
      if (!isDomainError(error, 'not_found')) throw error;
      send(res, 404, statusPage(language, { kind: 'not_found', reference, error }));
    }
  });

  return router;
}
