import type { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { hashPassword } from './password.js';
import type { newUserSchema } from './staff-user.schema.js';
import { insertUser, officeIdByCode } from './users.store.js';

export class StaffUserError extends Error {}

/** An officer belongs to one office; other roles to none. Returns the office id to store. */
export async function officeForRole(pool: Pool, role: string, office: string | null | undefined): Promise<number | null> {
  if (role === 'officer') {
    if (!office) throw new StaffUserError('an officer needs --office (the code of their office)');
    return officeIdByCode(pool, office);
  }
  if (office) throw new StaffUserError(`only officers are bound to an office, not a ${role}`);
  return null;
}

export async function createStaffUser(pool: Pool, input: z.output<typeof newUserSchema>): Promise<number> {
  const officeId = await officeForRole(pool, input.role, input.office);
  return insertUser(pool, {
    email: input.email,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    officeId,
    displayName: input.displayName,
  });
}
