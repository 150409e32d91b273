import type { PoolClient } from '../db/pool.js';
import type { RoutingRule } from './routing.rules.js';

export type Office = {
  id: number;
  code: string;
  nameCyrl: string;
  nameLatn: string;
  nameEn: string;
  inboxEmail: string;
  isDefault: boolean;
};

type OfficeRow = {
  id: string; code: string; name_cyrl: string; name_latn: string; name_en: string; inbox_email: string; is_default: boolean;
};

const toOffice = (r: OfficeRow): Office => ({
  id: Number(r.id),
  code: r.code,
  nameCyrl: r.name_cyrl,
  nameLatn: r.name_latn,
  nameEn: r.name_en,
  inboxEmail: r.inbox_email,
  isDefault: r.is_default,
});

export async function loadOffices(client: PoolClient): Promise<Office[]> {
  const { rows } = await client.query<OfficeRow>(
    'SELECT id, code, name_cyrl, name_latn, name_en, inbox_email, is_default FROM offices WHERE active ORDER BY id',
  );
  return rows.map(toOffice);
}

/** Active rules whose office is active, in the order they are tried. */
export async function loadRules(client: PoolClient): Promise<RoutingRule[]> {
  const { rows } = await client.query<{
    id: string; office_id: string; categories: string[] | null; keywords: string[] | null;
    municipality_codes: string[] | null; abroad: boolean | null;
  }>(
    `SELECT r.id, r.office_id, r.categories, r.keywords, r.municipality_codes, r.abroad
       FROM routing_rules r JOIN offices o ON o.id = r.office_id AND o.active
      WHERE r.active ORDER BY r.position, r.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    officeId: Number(r.office_id),
    categories: r.categories,
    keywords: r.keywords,
    municipalityCodes: r.municipality_codes,
    abroad: r.abroad,
  }));
}

export async function findRuleDescription(client: PoolClient, ruleId: number | null): Promise<string | null> {
  if (ruleId === null) return null;
  const { rows } = await client.query<{ description: string }>('SELECT description FROM routing_rules WHERE id = $1', [ruleId]);
  return rows[0]?.description ?? null;
}
