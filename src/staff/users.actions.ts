import { audit } from './audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { findOffice } from '../routing/routing.store.js';
import { hashPassword } from './password.js';
import { allowed, type Role, type StaffUser } from './permissions.js';
import type { AdminUser, NewUser, UserChanges } from './users.schema.js';
import { endUserSessions, findUserById, insertUser, listUsers, updateUser, type StoredUser } from './users.store.js';

// Staff accounts: only admins manage them (the CLI makes the first one); every change is audited.

function mustAdminister(user: StaffUser): void {
  if (!allowed(user, 'admin.manage')) throw new DomainError('forbidden');
}

/** An account as the API and the admin page show it (no password hash, the office by its code). */
export const userOut = (u: StoredUser): AdminUser => ({
  id: u.id, email: u.email, role: u.role, office: u.officeCode, displayName: u.displayName, disabled: u.disabled,
});

/** An officer belongs to one office; other roles to none. Returns the office id to store. */
export async function officeForRole(pool: Pool, role: Role, office: string | null | undefined): Promise<number | null> {
  if (role !== 'officer') {
    if (office) throw new DomainError('office_only_for_officers', { field: 'office' });
    return null;
  }
  if (!office) throw new DomainError('officer_needs_office', { field: 'office' });
  const found = await findOffice(pool, office);
  if (!found) throw new DomainError('unknown_office', { field: 'office' });
  return found.id;
}

/** A new account, not audited (the caller says who made it): the CLI's and the tests' way in. */
export async function createStaffUser(pool: Pool, input: NewUser): Promise<number> {
  const officeId = await officeForRole(pool, input.role, input.office);
  return insertUser(pool, {
    email: input.email,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    officeId,
    displayName: input.displayName,
  });
}

export async function accountsFor(pool: Pool, user: StaffUser): Promise<AdminUser[]> {
  mustAdminister(user);
  return (await listUsers(pool)).map(userOut);
}

/** A new staff account; a conflict for an email in use, a field error for an office that does not fit the role. */
export async function createAccount(pool: Pool, user: StaffUser, input: NewUser): Promise<AdminUser> {
  mustAdminister(user);
  const id = await createStaffUser(pool, input);
  await audit(pool, { actorId: user.id, action: 'user.created', targetType: 'staff_user', targetId: String(id), details: { role: input.role, office: input.office ?? null } });
  return userOut((await findUserById(pool, id)) as StoredUser);
}

/**
 * Changes what is named. An officer keeps their office unless another is
 * given; a role other than officer has none. A new password or a disabled
 * account ends the account's sessions.
 */
export async function changeAccount(pool: Pool, user: StaffUser, id: number, changes: UserChanges): Promise<AdminUser> {
  mustAdminister(user);
  const account = await findUserById(pool, id);
  if (!account) throw new DomainError('not_found');
  const role = changes.role ?? account.role;
  const office = changes.office !== undefined ? changes.office : role === 'officer' ? account.officeCode : null;
  const officeId = await officeForRole(pool, role, office);
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
      actorId: user.id, action: 'user.changed', targetType: 'staff_user', targetId: String(id),
      details: { ...changes, password: changes.password ? 'changed' : undefined },
    });
  });
  return userOut((await findUserById(pool, id)) as StoredUser);
}
