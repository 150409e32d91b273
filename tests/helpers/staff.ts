import type { Express } from 'express';
import request from 'supertest';
import type { Pool } from '../../src/db/pool.js';
import { createStaffUser } from '../../src/staff/create-user.js';
import type { Role } from '../../src/staff/permissions.js';

export const PASSWORD = 'correct horse battery staple';

/** A staff account straight in the database (as the CLI makes it). */
export async function makeUser(pool: Pool, email: string, role: Role, office?: string): Promise<number> {
  return createStaffUser(pool, { email, password: PASSWORD, role, office, displayName: email.split('@')[0] ?? '' });
}

/** A supertest agent that has logged in and keeps the session cookie. */
export async function loggedIn(app: Express, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const res = await agent.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 204) throw new Error(`login of ${email} gave ${res.status} ${JSON.stringify(res.body)}`);
  return agent;
}
