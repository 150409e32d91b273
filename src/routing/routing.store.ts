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

export type RuleWithDescription = RoutingRule & { description: string };

const ACTIVE_OFFICES = `(SELECT coalesce(json_agg(json_build_object(
    'id', id, 'code', code, 'nameCyrl', name_cyrl, 'nameLatn', name_latn, 'nameEn', name_en,
    'inboxEmail', inbox_email, 'isDefault', is_default) ORDER BY id), '[]')
   FROM offices WHERE active)`;

/** Active rules whose office is active, in the order they are tried. */
const ACTIVE_RULES = `(SELECT coalesce(json_agg(json_build_object(
    'id', r.id, 'officeId', r.office_id, 'categories', r.categories, 'keywords', r.keywords,
    'municipalityCodes', r.municipality_codes, 'abroad', r.abroad, 'description', r.description)
    ORDER BY r.position, r.id), '[]')
   FROM routing_rules r JOIN offices o ON o.id = r.office_id AND o.active WHERE r.active)`;

export async function loadOffices(client: PoolClient): Promise<Office[]> {
  const { rows } = await client.query<{ offices: Office[] }>(`SELECT ${ACTIVE_OFFICES} AS offices`);
  return rows[0]!.offices;
}

/** Columns `offices` and `rules` for a query on another table: routing reads both with the letter it routes. */
export const ROUTING_CONFIG = `${ACTIVE_OFFICES} AS offices, ${ACTIVE_RULES} AS rules`;
