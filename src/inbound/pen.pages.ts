import { Router, type Response } from 'express';
import { isDomainError } from '../errors.js';
import { statusOf } from '../http/domain-errors.js';
import { errorText } from '../web/error-texts.js';
import { errorPage } from '../web/staff-error.page.js';
import { doneText, formOf, send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import { STAFF_LANGUAGE } from '../web/staff.texts.js';
import { attachInbound, discardInbound, listInbound, newLetterFromInbound, type PenDeps } from './pen.actions.js';
import { penPage, type PenView } from './pen.page.js';
import { inboundParams } from './pen.schema.js';

/** The holding pen as a page under /staff/inbound: held mail and the forms that place it. */
export function penPageRoutes(deps: PenDeps & { gate: Gate }): Router {
  const { gate } = deps;
  const router = Router();

  const show = async (res: Response, status: number, view: Omit<PenView, 'viewer' | 'items'>) => {
    const viewer = viewerIn(res);
    send(res, status, penPage({ viewer, items: await listInbound(deps, viewer.user, 'held'), ...view }));
  };

  router.get('/staff/inbound', gate('inbound.triage', 'page'), async (req, res) => {
    await show(res, 200, { notice: doneText(req.query.done) });
  });

  const act = (name: string, done: string, run: (res: Response, id: number, form: Record<string, unknown>) => Promise<unknown>) =>
    router.post(`/staff/inbound/:id/${name}`, gate('inbound.triage', 'post'), async (req, res) => {
      const params = inboundParams.safeParse(req.params);
      if (!params.success) {
        send(res, 404, errorPage(404, viewerIn(res)));
        return;
      }
      const { id } = params.data;
      const form = formOf(req);
      try {
        await run(res, id, form);
      } catch (error) {
        if (isDomainError(error, 'not_found')) return send(res, 404, errorPage(404, viewerIn(res)));
        if (!isDomainError(error, 'already_handled', 'no_sender', 'unknown_letter')) throw error;
        const message = errorText(error, STAFF_LANGUAGE);
        const field = `reference-${id}`;
        const typed = error.code === 'unknown_letter' ? { id, reference: text(form.reference), error: message } : undefined;
        await show(res, statusOf(error.code), { errors: [{ field: typed ? field : undefined, text: message }], typed });
        return;
      }
      res.redirect(303, `/staff/inbound?done=${done}`);
    });

  act('attach', 'attached', (res, id, form) => attachInbound(deps, viewerIn(res).user, id, text(form.reference).trim()));
  act('new-letter', 'new-letter', (res, id) => newLetterFromInbound(deps, viewerIn(res).user, id));
  act('discard', 'discarded', (res, id) => discardInbound(deps, viewerIn(res).user, id));
  return router;
}
