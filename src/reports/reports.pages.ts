import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { Pool } from '../db/pool.js';
import { errorPage } from '../web/staff-error.page.js';
import { send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import { STAFF_TEXT } from '../web/staff.texts.js';
import { buildReport, REPORT_TABLES, tableRows, type ReportTable } from './reports.actions.js';
import { reportsPage } from './reports.page.js';
import { belgradeDate, periodOf } from './reports.rules.js';

const T = STAFF_TEXT.reports;

/** /staff/reports: the page for a period, and each of its tables as CSV. */
export function reportsPageRoutes(deps: { pool: Pool; clock: () => Date; gate: Gate }): Router {
  const { gate } = deps;
  const router = Router();

  router.get('/staff/reports', gate('reports.view', 'page'), async (req, res) => {
    const viewer = viewerIn(res);
    const asked = periodOf(req.query, belgradeDate(deps.clock()));
    if ('problem' in asked) {
      const errors = [{ field: asked.field, text: T.problems[asked.problem] }];
      send(res, 422, reportsPage({ viewer, from: text(req.query.from), to: text(req.query.to), errors }));
      return;
    }
    const report = await buildReport(deps, viewer.user, asked.period);
    send(res, 200, reportsPage({ viewer, ...asked.period, report }));
  });

  router.get('/staff/reports/:table.csv', gate('reports.view', 'page'), async (req, res) => {
    const viewer = viewerIn(res);
    const table = req.params.table as ReportTable;
    const asked = periodOf(req.query, belgradeDate(deps.clock()));
    if (!REPORT_TABLES.includes(table)) {
      send(res, 404, errorPage(404, viewer));
      return;
    }
    if ('problem' in asked) {
      send(res, 400, errorPage(400, viewer));
      return;
    }
    const report = await buildReport(deps, viewer.user, asked.period);
    // A BOM so spreadsheet programs read the Serbian letters as UTF-8; formulas are escaped.
    const csv = '\ufeff' + stringify(tableRows(report, table, true), { escape_formulas: true });
    res
      .set('Content-Type', 'text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="pisarnica-${table}-${asked.period.from}-${asked.period.to}.csv"`)
      .set('Cache-Control', 'private, no-store')
      .send(csv);
  });

  return router;
}
