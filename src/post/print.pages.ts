import { Router, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { isDomainError } from '../errors.js';
import { statusOf } from '../http/domain-errors.js';
import { errorPage } from '../web/staff-error.page.js';
import { errorText } from '../web/error-texts.js';
import { doneText, formOf, send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from '../web/staff.texts.js';
import { listPrintItems, markPrintItem } from './print.actions.js';
import { printQueuePage } from './print-queue.page.js';
import { markBody, printItemParams } from './print.schema.js';

export type PrintPagesDeps = { pool: Pool; gate: Gate };

/** The print queue as a page under /staff/print-queue: the open items and the forms that mark them. */
export function printPageRoutes(deps: PrintPagesDeps): Router {
  const { gate } = deps;
  const router = Router();

  const open = (res: Response) => listPrintItems(deps, viewerIn(res).user, 'open');

  router.get('/staff/print-queue', gate('print.view', 'page'), async (req, res) => {
    send(res, 200, printQueuePage({ viewer: viewerIn(res), items: await open(res), notice: doneText(req.query.done) }));
  });

  router.post('/staff/print-queue/:id', gate('print.mark', 'post'), async (req, res) => {
    const viewer = viewerIn(res);
    const params = printItemParams.safeParse(req.params);
    if (!params.success) {
      send(res, 404, errorPage(404, viewer));
      return;
    }
    const { id } = params.data;
    const refuse = async (status: number, message: string) =>
      send(res, status, printQueuePage({ viewer, items: await open(res), errors: [{ field: `item-${id}`, text: message }] }));
    const parsed = markBody.safeParse({ status: text(formOf(req).status) });
    if (!parsed.success) {
      await refuse(422, T.errors[400].text);
      return;
    }
    try {
      await markPrintItem(deps, viewer.user, id, parsed.data.status);
    } catch (error) {
      if (!isDomainError(error, 'not_found', 'illegal_transition')) throw error;
      await refuse(statusOf(error.code), errorText(error, STAFF_LANGUAGE));
      return;
    }
    res.redirect(303, `/staff/print-queue?done=${parsed.data.status}`);
  });

  return router;
}
