import { audit } from '../staff/audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { allowed, type StaffUser } from '../staff/permissions.js';
import { hasCondition } from './routing.rules.js';
import type { AdminRule, NewOffice, NewRule, OfficeChanges, RuleChanges } from './routing.schema.js';
import {
  clearDefaultOffice, findOffice, findRule, insertOffice, insertRule, listOffices, listRules, updateOffice, updateRule, type Office,
} from './routing.store.js';

// Only admins manage offices and routing rules; every change is audited.

function mustAdminister(user: StaffUser): void {
  if (!allowed(user, 'admin.manage')) throw new DomainError('forbidden');
}

export async function officesFor(pool: Pool, user: StaffUser): Promise<Office[]> {
  mustAdminister(user);
  return listOffices(pool);
}

/** A new office (made the default if asked, the old default giving way); a conflict for a code in use. */
export async function createOffice(pool: Pool, user: StaffUser, o: NewOffice): Promise<Office> {
  mustAdminister(user);
  return inTransaction(pool, async (client) => {
    if (o.isDefault) await clearDefaultOffice(client);
    const office = await insertOffice(client, o);
    if (!office) throw new DomainError('conflict', { field: 'code' });
    await audit(client, { actorId: user.id, action: 'office.created', targetType: 'office', targetId: o.code, details: o });
    return office;
  });
}

/** Changes what is named; the default office stays the default (and active) until another one is made the default. */
export async function changeOffice(pool: Pool, user: StaffUser, code: string, changes: OfficeChanges): Promise<Office> {
  mustAdminister(user);
  return inTransaction(pool, async (client) => {
    const office = await findOffice(client, code, true);
    if (!office) throw new DomainError('not_found');
    if (office.isDefault && (changes.isDefault === false || changes.active === false)) {
      throw new DomainError('default_office_required', { field: 'isDefault' });
    }
    if (changes.isDefault) await clearDefaultOffice(client, office.id);
    const changed = await updateOffice(client, office.id, changes);
    await audit(client, { actorId: user.id, action: 'office.changed', targetType: 'office', targetId: office.code, details: changes });
    return changed;
  });
}

export async function rulesFor(pool: Pool, user: StaffUser): Promise<AdminRule[]> {
  mustAdminister(user);
  return listRules(pool);
}

/** A new routing rule: it needs a condition and an office that exists. */
export async function createRule(pool: Pool, user: StaffUser, r: NewRule): Promise<AdminRule> {
  mustAdminister(user);
  if (!hasCondition(r)) throw new DomainError('rule_needs_condition', { field: 'categories' });
  return inTransaction(pool, async (client) => {
    const id = await insertRule(client, r);
    if (id === undefined) throw new DomainError('unknown_office', { field: 'office' });
    await audit(client, { actorId: user.id, action: 'rule.created', targetType: 'routing_rule', targetId: String(id), details: r });
    return (await findRule(client, id)) as AdminRule;
  });
}

/** Changes what is named (a condition set to null is gone); the rule must keep a condition. */
export async function changeRule(pool: Pool, user: StaffUser, id: number, changes: RuleChanges): Promise<AdminRule> {
  mustAdminister(user);
  return inTransaction(pool, async (client) => {
    const rule = await findRule(client, id, true);
    if (!rule) throw new DomainError('not_found');
    const next: AdminRule = {
      id,
      position: changes.position ?? rule.position,
      office: changes.office ?? rule.office,
      description: changes.description ?? rule.description,
      categories: changes.categories !== undefined ? changes.categories : rule.categories,
      keywords: changes.keywords !== undefined ? changes.keywords : rule.keywords,
      municipalityCodes: changes.municipalityCodes !== undefined ? changes.municipalityCodes : rule.municipalityCodes,
      abroad: changes.abroad !== undefined ? changes.abroad : rule.abroad,
      active: changes.active ?? rule.active,
    };
    if (!hasCondition(next)) throw new DomainError('rule_needs_condition', { field: 'categories' });
    if (!(await updateRule(client, next))) throw new DomainError('unknown_office', { field: 'office' });
    await audit(client, { actorId: user.id, action: 'rule.changed', targetType: 'routing_rule', targetId: String(id), details: changes });
    return (await findRule(client, id)) as AdminRule;
  });
}
