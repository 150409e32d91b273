import express, { Router, type Request, type Response } from 'express';
import { isDomainError } from '../errors.js';
import { describeIssues } from '../i18n/issues.js';
import { translate } from '../i18n/messages.js';
import { pageLanguage } from '../web/page-language.js';
import { statusPage } from './citizen-result.page.js';
import { completeContact, contactState, type ContactDeps } from './contact.actions.js';
import { CONTACT_FIELDS, contactCompletePage, contactFormPage, type ContactLink } from './contact.page.js';
import { contactFieldsSchema, contactFromForm } from './contact.schema.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

const send = (res: Response, status: number, body: string) =>
  res.status(status).set('Content-Type', 'text/html; charset=utf-8').set('Cache-Control', 'no-store').send(body);

const linkOf = (source: Record<string, unknown>): ContactLink => ({
  reference: text(source.ref).trim().toUpperCase(),
  token: text(source.token).trim(),
});

/**
 * A post from another site is refused, as the browser tells it (Origin,
 * Sec-Fetch-Site). The post must also carry the letter's tracking token,
 * which another site cannot know: that is what makes it safe without a session.
 */
function crossSite(req: Request, allowedOrigins: readonly string[]): boolean {
  const origin = req.get('origin');
  if (origin !== undefined && origin !== `${req.protocol}://${req.get('host') ?? ''}` && !allowedOrigins.includes(origin)) return true;
  const site = req.get('sec-fetch-site');
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

const doneUrl = (link: ContactLink, language: string) =>
  `/complete?ref=${encodeURIComponent(link.reference)}&token=${encodeURIComponent(link.token)}&lang=${language}&done=1`;

/** The page where the sender of a letter by email completes its place and address (the acknowledgement links to it). */
export function contactPages(deps: ContactDeps & { allowedOrigins: readonly string[] }): Router {
  const router = Router();

  router.get('/complete', async (req, res) => {
    const language = pageLanguage(req, res);
    const link = linkOf(req.query);
    try {
      const state = await contactState(deps.pool, link.reference, link.token);
      if (state.contactComplete) send(res, 200, contactCompletePage(language, state.reference, req.query.done === '1'));
      else send(res, 200, contactFormPage(language, link, {}, []));
    } catch (error) {
      if (!isDomainError(error, 'not_found')) throw error;
      send(res, 404, statusPage(language, { kind: 'not_found', reference: link.reference, error }));
    }
  });

  router.post('/complete', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), async (req, res) => {
    const language = pageLanguage(req, res);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const link = linkOf(form);
    const values = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, text(form[f])]));
    if (crossSite(req, deps.allowedOrigins)) {
      send(res, 403, contactFormPage(language, link, values, [{ path: '', message: translate('csrf_failed', language) }]));
      return;
    }
    try {
      const state = await contactState(deps.pool, link.reference, link.token);
      if (!state.contactComplete) {
        const parsed = contactFieldsSchema.safeParse(contactFromForm(form));
        if (!parsed.success) {
          send(res, 422, contactFormPage(language, link, values, describeIssues(parsed.error, language)));
          return;
        }
        await completeContact(deps, link.reference, link.token, parsed.data);
      }
      res.redirect(303, doneUrl(link, language));
    } catch (error) {
      if (!isDomainError(error, 'not_found')) throw error;
      send(res, 404, statusPage(language, { kind: 'not_found', reference: link.reference, error }));
    }
  });

  return router;
}
