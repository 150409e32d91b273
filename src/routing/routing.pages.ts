import { Router, type Response } from 'express';
import type { Pool } from '../db/pool.js';
import { findMunicipality, getMunicipality } from '../geo/municipality.match.js';
import { formIssues } from '../web/staff-issues.js';
import { commaList, doneText, formOf, formRefusal, many, send, text, viewerIn, type Gate } from '../web/staff-pages.js';
import type { FormIssue } from './admin-nav.page.js';
import { adminOfficesPage, OFFICE_FIELDS, type OfficeValues } from './admin-offices.page.js';
import { adminRulesPage, type RuleValues } from './admin-rules.page.js';
import { createOffice, createRule, officesFor, rulesFor } from './routing.actions.js';
import { officeSchema, ruleSchema } from './routing.schema.js';

/** The rule form's values as the rule schema reads them. */
function ruleInput(values: RuleValues) {
  const position = values.position?.trim() ?? '';
  return {
    position: position === '' ? undefined : /^\d+$/.test(position) ? Number(position) : position,
    office: values.office,
    description: values.description,
    categories: values.categories?.length ? values.categories : null,
    keywords: commaList(values.keywords),
    // A code, or a name in either script (`Čačak`, `Чачак`): stored as the code; anything else fails validation.
    municipalityCodes: commaList(values.municipalityCodes)?.map((c) => getMunicipality(c.toLowerCase())?.code ?? findMunicipality(c)?.code ?? c) ?? null,
    abroad: values.abroad === 'true' ? true : values.abroad === 'false' ? false : null,
    active: values.active !== '',
  };
}

/** The admin pages of offices and routing rules: the lists and the forms that add one. */
export function routingPages(deps: { pool: Pool; gate: Gate }): Router {
  const { pool, gate } = deps;
  const router = Router();

  const officesPage = async (res: Response, status: number, values: OfficeValues, issues: FormIssue[], notice?: string) => {
    const viewer = viewerIn(res);
    send(res, status, adminOfficesPage({ viewer, offices: await officesFor(pool, viewer.user), values, issues, notice, fresh: status === 200 }));
  };

  router.get('/staff/admin/offices', gate('admin.manage', 'page'), async (req, res) => {
    await officesPage(res, 200, {}, [], doneText(req.query.done));
  });

  router.post('/staff/admin/offices', gate('admin.manage', 'post'), async (req, res) => {
    const form = formOf(req);
    const values: OfficeValues = Object.fromEntries(OFFICE_FIELDS.map((f) => [f, text(form[f])]));
    const parsed = officeSchema.safeParse({
      code: values.code?.trim(), nameCyrl: values.nameCyrl, nameLatn: values.nameLatn, nameEn: values.nameEn,
      inboxEmail: values.inboxEmail?.trim(), isDefault: values.isDefault !== '', active: values.active !== '',
    });
    if (!parsed.success) {
      await officesPage(res, 422, values, formIssues(parsed.error));
      return;
    }
    try {
      await createOffice(pool, viewerIn(res).user, parsed.data);
    } catch (error) {
      const refusal = formRefusal(error);
      await officesPage(res, refusal.status, values, refusal.issues);
      return;
    }
    res.redirect(303, '/staff/admin/offices?done=created');
  });

  const rulesPage = async (res: Response, status: number, values: RuleValues, issues: FormIssue[], notice?: string) => {
    const viewer = viewerIn(res);
    const [rules, offices] = await Promise.all([rulesFor(pool, viewer.user), officesFor(pool, viewer.user)]);
    send(res, status, adminRulesPage({ viewer, rules, offices, values, issues, notice, fresh: status === 200 }));
  };

  router.get('/staff/admin/rules', gate('admin.manage', 'page'), async (req, res) => {
    await rulesPage(res, 200, {}, [], doneText(req.query.done));
  });

  router.post('/staff/admin/rules', gate('admin.manage', 'post'), async (req, res) => {
    const form = formOf(req);
    const values: RuleValues = {
      position: text(form.position), office: text(form.office), description: text(form.description),
      categories: many(form.categories), keywords: text(form.keywords), municipalityCodes: text(form.municipalityCodes),
      abroad: text(form.abroad), active: text(form.active),
    };
    const parsed = ruleSchema.safeParse(ruleInput(values));
    if (!parsed.success) {
      await rulesPage(res, 422, values, formIssues(parsed.error));
      return;
    }
    try {
      await createRule(pool, viewerIn(res).user, parsed.data);
    } catch (error) {
      const refusal = formRefusal(error);
      await rulesPage(res, refusal.status, values, refusal.issues);
      return;
    }
    res.redirect(303, '/staff/admin/rules?done=created');
  });

  return router;
}
