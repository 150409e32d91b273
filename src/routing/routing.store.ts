import type { Pool, PoolClient } from '../db/pool.js';
import type { RoutingRule } from './routing.rules.js';
import type { AdminRule, NewOffice, NewRule, OfficeChanges } from './routing.schema.js';

type Db = Pool | PoolClient;

/** An office as every reader gets it (the API's answer leaves out the internal id). */
export type Office = {
  id: number;
  code: string;
  nameCyrl: string;
  nameLatn: string;
  nameEn: string;
  inboxEmail: string;
  isDefault: boolean;
  active: boolean;
};

export type RuleWithDescription = RoutingRule & { description: string };

// The one shape of an office, built in SQL: the routing query reads the
// offices inside its own statement (ROUTING_CONFIG), the others as a list.
const OFFICE = `json_build_object('id', id, 'code', code, 'nameCyrl', name_cyrl, 'nameLatn', name_latn, 'nameEn', name_en,
    'inboxEmail', inbox_email, 'isDefault', is_default, 'active', active)`;
const offices = (where: string) => `(SELECT coalesce(json_agg(${OFFICE} ORDER BY id), '[]') FROM offices ${where})`;

/** Active rules whose office is active, in the order they are tried. */
const ACTIVE_RULES = `(SELECT coalesce(json_agg(json_build_object(
    'id', r.id, 'officeId', r.office_id, 'categories', r.categories, 'keywords', r.keywords,
    'municipalityCodes', r.municipality_codes, 'abroad', r.abroad, 'description', r.description)
    ORDER BY r.position, r.id), '[]')
   FROM routing_rules r JOIN offices o ON o.id = r.office_id AND o.active WHERE r.active)`;

/** Columns `offices` (the active ones) and `rules` for a query on another table: routing reads both with the letter it routes. */
export const ROUTING_CONFIG = `${offices('WHERE active')} AS offices, ${ACTIVE_RULES} AS rules`;

/** Every office, active or not, in the order they were made. */
export async function listOffices(db: Db): Promise<Office[]> {
  const { rows } = await db.query<{ offices: Office[] }>(`SELECT ${offices('')} AS offices`);
  return rows[0]!.offices;
}

/** One office by its code, active or not; `lock` holds its row until the transaction ends. */
export async function findOffice(db: Db, code: string, lock = false): Promise<Office | undefined> {
  const { rows } = await db.query<{ office: Office }>(
    `SELECT ${OFFICE} AS office FROM offices WHERE code = $1${lock ? ' FOR UPDATE' : ''}`,
    [code],
  );
  return rows[0]?.office;
}

/** The office no longer the default, but for `except`. */
export async function clearDefaultOffice(db: Db, except?: number): Promise<void> {
  await db.query('UPDATE offices SET is_default = false WHERE is_default AND id IS DISTINCT FROM $1', [except ?? null]);
}

/** A new office; undefined when its code is taken. */
export async function insertOffice(db: Db, o: NewOffice): Promise<Office | undefined> {
  const { rows } = await db.query<{ office: Office }>(
    `INSERT INTO offices (code, name_cyrl, name_latn, name_en, inbox_email, is_default, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING ${OFFICE} AS office`,
    [o.code, o.nameCyrl, o.nameLatn, o.nameEn, o.inboxEmail, o.isDefault, o.active],
  );
  return rows[0]?.office;
}

/** Changes only the fields named. */
export async function updateOffice(db: Db, id: number, changes: OfficeChanges): Promise<Office> {
  const { rows } = await db.query<{ office: Office }>(
    `UPDATE offices SET name_cyrl = COALESCE($2, name_cyrl), name_latn = COALESCE($3, name_latn), name_en = COALESCE($4, name_en),
            inbox_email = COALESCE($5, inbox_email), is_default = COALESCE($6, is_default), active = COALESCE($7, active),
            updated_at = now()
      WHERE id = $1 RETURNING ${OFFICE} AS office`,
    [id, changes.nameCyrl ?? null, changes.nameLatn ?? null, changes.nameEn ?? null, changes.inboxEmail ?? null,
      changes.isDefault ?? null, changes.active ?? null],
  );
  return rows[0]!.office;
}

// ── routing rules ───────────────────────────────────────────────────────────

type RuleRow = {
  id: string; position: number; office: string; description: string; categories: string[] | null; keywords: string[] | null;
  municipality_codes: string[] | null; abroad: boolean | null; active: boolean;
};
const toRule = (r: RuleRow): AdminRule => ({
  id: Number(r.id), position: r.position, office: r.office, description: r.description, categories: r.categories,
  keywords: r.keywords, municipalityCodes: r.municipality_codes, abroad: r.abroad, active: r.active,
});
const RULES = `SELECT r.id, r.position, o.code AS office, r.description, r.categories, r.keywords, r.municipality_codes, r.abroad, r.active
                 FROM routing_rules r JOIN offices o ON o.id = r.office_id`;

/** Every rule, active or not, in the order they are tried. */
export async function listRules(db: Db): Promise<AdminRule[]> {
  const { rows } = await db.query<RuleRow>(`${RULES} ORDER BY r.position, r.id`);
  return rows.map(toRule);
}

/** One rule; `lock` holds its row until the transaction ends. */
export async function findRule(db: Db, id: number, lock = false): Promise<AdminRule | undefined> {
  const { rows } = await db.query<RuleRow>(`${RULES} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`, [id]);
  return rows[0] && toRule(rows[0]);
}

/** A new rule with the office of that code; undefined when there is no such office. */
export async function insertRule(db: Db, r: NewRule): Promise<number | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO routing_rules (position, office_id, description, categories, keywords, municipality_codes, abroad, active)
     SELECT $1, id, $3, $4, $5, $6, $7, $8 FROM offices WHERE code = $2 RETURNING id`,
    [r.position, r.office, r.description, r.categories, r.keywords, r.municipalityCodes, r.abroad, r.active],
  );
  return rows[0] && Number(rows[0].id);
}

/** Writes every field of the rule; false when there is no office of its code. */
export async function updateRule(db: Db, rule: AdminRule): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE routing_rules SET position = $2, office_id = o.id, description = $4, categories = $5, keywords = $6,
            municipality_codes = $7, abroad = $8, active = $9, updated_at = now()
       FROM offices o WHERE routing_rules.id = $1 AND o.code = $3`,
    [rule.id, rule.position, rule.office, rule.description, rule.categories, rule.keywords, rule.municipalityCodes, rule.abroad, rule.active],
  );
  return Boolean(rowCount);
}
