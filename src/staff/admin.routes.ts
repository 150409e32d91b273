import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { ApiError, notFound } from '../http/api-error.js';
import { validationFailed } from '../http/validation.js';
import { DEFAULT_LANGUAGE, languageFromAcceptLanguage } from '../i18n/language.js';
import { CATEGORY_CODES } from '../submissions/categories.js';
import { getMunicipality } from '../geo/municipality.match.js';
import { createStaffUser, officeForRole, StaffUserError } from './create-user.js';
import { currentUser, requireAction } from './guards.js';
import { hashPassword } from './password.js';
import { newUserSchema, userChangesSchema } from './staff-user.schema.js';
import { DuplicateEmailError, endUserSessions, findUserById, listUsers, UnknownOfficeError, updateUser } from './users.store.js';

const line = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/);

// Field shapes without defaults: a PATCH must change only what it names.
const officeFields = {
  nameCyrl: line(200),
  nameLatn: line(200),
  nameEn: line(200),
  inboxEmail: z.email().max(254),
  isDefault: z.boolean(),
  active: z.boolean(),
};
export const officeSchema = z.strictObject({
  ...officeFields,
  code: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  isDefault: officeFields.isDefault.default(false),
  active: officeFields.active.default(true),
});
export const officeChanges = z.strictObject(officeFields).partial();

const ruleFields = {
  position: z.number().int().min(0).max(1_000_000),
  office: z.string().min(1).max(40),
  description: line(300),
  categories: z.array(z.enum(CATEGORY_CODES)).min(1).nullable(),
  keywords: z.array(line(100)).min(1).max(200).nullable(),
  municipalityCodes: z
    .array(z.string().refine((c) => getMunicipality(c) !== undefined, 'unknown municipality code'))
    .min(1)
    .nullable(),
  abroad: z.boolean().nullable(),
  active: z.boolean(),
};
export const ruleSchema = z.strictObject({
  ...ruleFields,
  categories: ruleFields.categories.default(null),
  keywords: ruleFields.keywords.default(null),
  municipalityCodes: ruleFields.municipalityCodes.default(null),
  abroad: ruleFields.abroad.default(null),
  active: ruleFields.active.default(true),
});
export const ruleChanges = z.strictObject(ruleFields).partial();
const hasCondition = (r: { categories?: unknown; keywords?: unknown; municipalityCodes?: unknown; abroad?: unknown }) =>
  [r.categories, r.keywords, r.municipalityCodes, r.abroad].some((c) => c !== null && c !== undefined);

const lang = (req: Request) => languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;
function parse<T extends z.ZodType>(schema: T, value: unknown, req: Request): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(parsed.error, lang(req));
  return parsed.data;
}
const invalid = (path: string, message: string) =>
  new ApiError(422, 'validation_failed', 'validation_failed', { issues: [{ path, message }] });

type OfficeRow = { id: string; code: string; name_cyrl: string; name_latn: string; name_en: string; inbox_email: string; is_default: boolean; active: boolean };
const officeOut = (o: OfficeRow) => ({
  code: o.code, nameCyrl: o.name_cyrl, nameLatn: o.name_latn, nameEn: o.name_en, inboxEmail: o.inbox_email,
  isDefault: o.is_default, active: o.active,
});

type RuleRow = {
  id: string; position: number; office: string; description: string; categories: string[] | null; keywords: string[] | null;
  municipality_codes: string[] | null; abroad: boolean | null; active: boolean;
};
const ruleOut = (r: RuleRow) => ({
  id: Number(r.id), position: r.position, office: r.office, description: r.description, categories: r.categories,
  keywords: r.keywords, municipalityCodes: r.municipality_codes, abroad: r.abroad, active: r.active,
});
const RULES = `SELECT r.id, r.position, o.code AS office, r.description, r.categories, r.keywords, r.municipality_codes, r.abroad, r.active
                 FROM routing_rules r JOIN offices o ON o.id = r.office_id`;

export async function listOffices(pool: Pool) {
  const { rows } = await pool.query<OfficeRow>('SELECT * FROM offices ORDER BY id');
  return rows.map(officeOut);
}

/** A new office (made the default if asked, the old default giving way); 409 for a code in use. */
export async function createOffice(pool: Pool, actorId: number, o: z.output<typeof officeSchema>) {
  const row = await inTransaction(pool, async (client) => {
    if (o.isDefault) await client.query('UPDATE offices SET is_default = false WHERE is_default');
    const { rows } = await client.query<OfficeRow>(
      `INSERT INTO offices (code, name_cyrl, name_latn, name_en, inbox_email, is_default, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING *`,
      [o.code, o.nameCyrl, o.nameLatn, o.nameEn, o.inboxEmail, o.isDefault, o.active],
    );
    if (!rows[0]) throw new ApiError(409, 'conflict', 'conflict');
    await audit(client, { actorId, action: 'office.created', targetType: 'office', targetId: o.code, details: o });
    return rows[0];
  });
  return officeOut(row);
}

export async function listRules(pool: Pool) {
  const { rows } = await pool.query<RuleRow>(`${RULES} ORDER BY r.position, r.id`);
  return rows.map(ruleOut);
}

/** A new routing rule; 422 without any condition or for an unknown office. */
export async function createRule(pool: Pool, actorId: number, r: z.output<typeof ruleSchema>) {
  if (!hasCondition(r)) throw invalid('categories', 'a rule needs at least one condition');
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO routing_rules (position, office_id, description, categories, keywords, municipality_codes, abroad, active)
     SELECT $1, id, $3, $4, $5, $6, $7, $8 FROM offices WHERE code = $2 RETURNING id`,
    [r.position, r.office, r.description, r.categories, r.keywords, r.municipalityCodes, r.abroad, r.active],
  );
  if (!rows[0]) throw invalid('office', 'unknown office');
  await audit(pool, { actorId, action: 'rule.created', targetType: 'routing_rule', targetId: rows[0].id, details: r });
  const created = await pool.query<RuleRow>(`${RULES} WHERE r.id = $1`, [rows[0].id]);
  return ruleOut(created.rows[0] as RuleRow);
}

export const userOut = (u: { id: number; email: string; role: string; officeCode: string | null; displayName: string; disabled: boolean }) => ({
  id: u.id, email: u.email, role: u.role, office: u.officeCode, displayName: u.displayName, disabled: u.disabled,
});

/** A new staff account; 409 for an email in use, 422 for an office that does not fit the role. */
export async function createAccount(pool: Pool, actorId: number, input: z.output<typeof newUserSchema>) {
  try {
    const id = await createStaffUser(pool, input);
    await audit(pool, { actorId, action: 'user.created', targetType: 'staff_user', targetId: String(id), details: { role: input.role, office: input.office ?? null } });
    const user = await findUserById(pool, id);
    return user && userOut(user);
  } catch (error) {
    if (error instanceof DuplicateEmailError) throw new ApiError(409, 'conflict', 'conflict');
    if (error instanceof UnknownOfficeError) throw invalid('office', 'unknown office');
    if (error instanceof StaffUserError) throw invalid('office', error.message);
    throw error;
  }
}

/** Only admins manage offices, routing rules and staff accounts; every change is audited. */
export function adminRoutes(deps: { pool: Pool }): Router {
  const { pool } = deps;
  const router = Router();
  router.use('/admin', requireAction('admin.manage'), express.json({ limit: '64kb' }));

  router.get('/admin/offices', async (_req, res) => {
    res.json(await listOffices(pool));
  });

  router.post('/admin/offices', async (req, res) => {
    const o = parse(officeSchema, req.body, req);
    res.status(201).json(await createOffice(pool, currentUser(res).id, o));
  });

  router.patch('/admin/offices/:code', async (req, res) => {
    const changes = parse(officeChanges, req.body, req);
    const row = await inTransaction(pool, async (client) => {
      const { rows: current } = await client.query<OfficeRow>('SELECT * FROM offices WHERE code = $1 FOR UPDATE', [req.params.code]);
      const office = current[0];
      if (!office) throw notFound();
      if (office.is_default && (changes.isDefault === false || changes.active === false)) {
        throw invalid('isDefault', 'make another office the default first');
      }
      if (changes.isDefault) await client.query('UPDATE offices SET is_default = false WHERE is_default AND id <> $1', [office.id]);
      const { rows } = await client.query<OfficeRow>(
        `UPDATE offices SET name_cyrl = COALESCE($2, name_cyrl), name_latn = COALESCE($3, name_latn), name_en = COALESCE($4, name_en),
                inbox_email = COALESCE($5, inbox_email), is_default = COALESCE($6, is_default), active = COALESCE($7, active),
                updated_at = now()
          WHERE id = $1 RETURNING *`,
        [office.id, changes.nameCyrl ?? null, changes.nameLatn ?? null, changes.nameEn ?? null, changes.inboxEmail ?? null,
          changes.isDefault ?? null, changes.active ?? null],
      );
      await audit(client, { actorId: currentUser(res).id, action: 'office.changed', targetType: 'office', targetId: office.code, details: changes });
      return rows[0] as OfficeRow;
    });
    res.json(officeOut(row));
  });

  router.get('/admin/rules', async (_req, res) => {
    res.json(await listRules(pool));
  });

  router.post('/admin/rules', async (req, res) => {
    const r = parse(ruleSchema, req.body, req);
    res.status(201).json(await createRule(pool, currentUser(res).id, r));
  });

  router.patch('/admin/rules/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id)) throw notFound();
    const changes = parse(ruleChanges, req.body, req);
    const row = await inTransaction(pool, async (client) => {
      const { rows: current } = await client.query<RuleRow>(`${RULES} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
      const rule = current[0];
      if (!rule) throw notFound();
      const next = {
        position: changes.position ?? rule.position,
        office: changes.office ?? rule.office,
        description: changes.description ?? rule.description,
        categories: changes.categories !== undefined ? changes.categories : rule.categories,
        keywords: changes.keywords !== undefined ? changes.keywords : rule.keywords,
        municipalityCodes: changes.municipalityCodes !== undefined ? changes.municipalityCodes : rule.municipality_codes,
        abroad: changes.abroad !== undefined ? changes.abroad : rule.abroad,
        active: changes.active ?? rule.active,
      };
      if (!hasCondition(next)) throw invalid('categories', 'a rule needs at least one condition');
      const { rowCount } = await client.query(
        `UPDATE routing_rules SET position = $2, office_id = o.id, description = $4, categories = $5, keywords = $6,
                municipality_codes = $7, abroad = $8, active = $9, updated_at = now()
           FROM offices o WHERE routing_rules.id = $1 AND o.code = $3`,
        [id, next.position, next.office, next.description, next.categories, next.keywords, next.municipalityCodes, next.abroad, next.active],
      );
      if (!rowCount) throw invalid('office', 'unknown office');
      await audit(client, { actorId: currentUser(res).id, action: 'rule.changed', targetType: 'routing_rule', targetId: String(id), details: changes });
      return (await client.query<RuleRow>(`${RULES} WHERE r.id = $1`, [id])).rows[0] as RuleRow;
    });
    res.json(ruleOut(row));
  });

  router.get('/admin/users', async (_req, res) => {
    res.json((await listUsers(pool)).map(userOut));
  });

  router.post('/admin/users', async (req, res) => {
    const input = parse(newUserSchema, req.body, req);
    res.status(201).json(await createAccount(pool, currentUser(res).id, input));
  });

  router.patch('/admin/users/:id', async (req, res) => {
    const id = Number(req.params.id);
    const changes = parse(userChangesSchema, req.body, req);
    const user = Number.isSafeInteger(id) ? await findUserById(pool, id) : undefined;
    if (!user) throw notFound();
    const role = changes.role ?? user.role;
    const office = changes.office !== undefined ? changes.office : role === 'officer' ? user.officeCode : null;
    let officeId: number | null;
    try {
      officeId = await officeForRole(pool, role, office);
    } catch (error) {
      if (error instanceof UnknownOfficeError) throw invalid('office', 'unknown office');
      if (error instanceof StaffUserError) throw invalid('office', error.message);
      throw error;
    }
    const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
    await inTransaction(pool, async (db) => {
      await updateUser(db, id, {
        role,
        officeId,
        ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      });
      // A reset password or a disabled account: whoever holds one of its sessions is out at once.
      if (passwordHash || changes.disabled === true) await endUserSessions(db, id);
      await audit(db, {
        actorId: currentUser(res).id, action: 'user.changed', targetType: 'staff_user', targetId: String(id),
        details: { ...changes, password: changes.password ? 'changed' : undefined },
      });
    });
    const updated = await findUserById(pool, id);
    res.json(updated && userOut(updated));
  });

  return router;
}
