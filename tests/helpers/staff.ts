import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import type { Pool } from '../../src/db/pool.js';
import { createStaffUser } from '../../src/staff/create-user.js';
import type { Role } from '../../src/staff/permissions.js';
import { exampleLetter } from './letters.js';
import type { Pipeline } from './pipeline.js';
import { waitFor } from './wait.js';

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

/** A letter posted to the API and routed by the pipeline's workers; its reference. */
export async function submitRouted(p: Pipeline, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter(overrides));
  expect(res.status).toBe(201);
  await waitFor(async () => {
    const { rows } = await p.db.pool.query('SELECT status FROM submissions WHERE reference = $1', [res.body.reference]);
    return rows[0].status !== 'received';
  });
  return res.body.reference;
}
