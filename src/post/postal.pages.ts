import { Router } from 'express';
import { isDomainError } from '../errors.js';
import { isValidReference } from '../submissions/reference.js';
import { pageIssueOf } from '../web/error-texts.js';
import { formOf, send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import { letterIssues } from '../web/staff-issues.js';
import { STAFF_LANGUAGE } from '../web/staff.texts.js';
import { belgradeToday, enterPostalLetter, type PostalDeps } from './postal.actions.js';
import { POSTAL_FIELDS, postalPage, type PostalValues } from './postal.page.js';
import { postalLetterSchema } from './postal.schema.js';

export type PostalPagesDeps = PostalDeps & { clock: () => Date; gate: Gate };

/** Postal entry as a form under /staff/postal: the API's schema and action. */
export function postalPageRoutes(deps: PostalPagesDeps): Router {
  const { gate } = deps;
  const router = Router();

  router.get('/staff/postal', gate('postal.create', 'page'), (req, res) => {
    const today = belgradeToday(deps.clock());
    const entered = text(req.query.entered).toUpperCase();
    send(res, 200, postalPage({
      viewer: viewerIn(res), values: { receivedAt: today }, issues: [], today,
      entered: isValidReference(entered) ? entered : undefined,
    }));
  });

  router.post('/staff/postal', gate('postal.create', 'post'), async (req, res) => {
    const viewer = viewerIn(res);
    const now = deps.clock();
    const today = belgradeToday(now);
    const form = formOf(req);
    const values: PostalValues = Object.fromEntries(POSTAL_FIELDS.map((f) => [f, text(form[f])]));
    // As on the citizen form: a country with no municipality means "abroad".
    const country = text(form.country).trim();
    const municipality = text(form.municipality);
    const parsed = postalLetterSchema(today).safeParse({
      ...values,
      municipality: municipality.trim() === '' && country !== '' ? 'abroad' : municipality,
      country,
    });
    if (!parsed.success) {
      send(res, 422, postalPage({ viewer, values, issues: letterIssues(parsed.error), today }));
      return;
    }
    let reference: string;
    try {
      ({ reference } = await enterPostalLetter(deps, viewer.user, parsed.data, now));
    } catch (error) {
      if (!isDomainError(error, 'received_at_invalid')) throw error;
      send(res, 422, postalPage({ viewer, values, issues: [pageIssueOf(error, STAFF_LANGUAGE)], today }));
      return;
    }
    // Post/redirect/get: reloading the confirmation must not enter the letter twice.
    res.redirect(303, `/staff/postal?entered=${encodeURIComponent(reference)}`);
  });

  return router;
}
