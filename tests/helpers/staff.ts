import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import type { Pool } from '../../src/db/pool.js';
import { createStaffUser } from '../../src/staff/users.actions.js';
import type { Role } from '../../src/staff/permissions.js';
import { secondFactorRequired, totpCode } from '../../src/staff/totp.js';
import { confirmEnrolment, startEnrolment } from '../../src/staff/totp.store.js';
import { exampleLetter } from './letters.js';
import type { Pipeline } from './pipeline.js';
import { waitFor } from './wait.js';

export const PASSWORD = 'correct horse battery staple';
/** The authenticator secret of every test account with a second factor. */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Accounts given a second factor here, by lower-cased email, with the database that holds them. */
const withSecondFactor = new Map<string, Pool>();

/**
 * A staff account straight in the database (as the CLI makes it). Admins and
 * supervisors must have a second factor, so they get TOTP_SECRET set up
 * (as if enrolled), unless `secondFactor: false` (to test enrolment).
 */
export async function makeUser(pool: Pool, email: string, role: Role, office?: string, options: { secondFactor?: boolean } = {}): Promise<number> {
  const id = await createStaffUser(pool, { email, password: PASSWORD, role, office, displayName: email.split('@')[0] ?? '' });
  if (options.secondFactor ?? secondFactorRequired(role)) await enrolSecondFactor(pool, id, email);
  return id;
}

/** Sets TOTP_SECRET up for the account, no recovery codes. */
export async function enrolSecondFactor(pool: Pool, userId: number, email: string): Promise<void> {
  await startEnrolment(pool, userId, TOTP_SECRET, new Date());
  await confirmEnrolment(pool, userId, TOTP_SECRET, 0, [], new Date());
  withSecondFactor.set(email.toLowerCase(), pool);
}

/**
 * The login body for an account, with the current code when it has a second
 * factor. Tests log one account in several times within one 30-second step,
 * which replay protection refuses by design (a code is good once), so the
 * step used last is forgotten first: a test-only shortcut.
 */
export async function credentials(email: string, password = PASSWORD): Promise<{ email: string; password: string; code?: string }> {
  const pool = withSecondFactor.get(email.toLowerCase());
  if (!pool) return { email, password };
  await pool.query('UPDATE staff_users SET totp_last_step = NULL WHERE lower(email) = lower($1)', [email]);
  return { email, password, code: totpCode(TOTP_SECRET, new Date()) };
}

/** A supertest agent that has logged in and keeps the session cookie. */
export async function loggedIn(app: Express, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const res = await agent.post('/api/v1/auth/login').send(await credentials(email, password));
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

type Agent = ReturnType<typeof request.agent>;

/**
 * After the login form: an account with a second factor is sent to the code
 * page; this types the current code there, as the person would. Returns the
 * answer that ends the login (the form's own answer for other accounts).
 */
export async function passCodePage(agent: Agent, loginAnswer: request.Response, email: string): Promise<request.Response> {
  if (loginAnswer.status !== 303 || loginAnswer.headers.location !== '/staff/login/code') return loginAnswer;
  const page = await agent.get('/staff/login/code');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error(`no _csrf field on the code page (${page.status})`);
  const { code } = await credentials(email);
  return agent.post('/staff/login/code').type('form').send({ _csrf: csrf, code });
}

/** A clock for the app that a test moves one TOTP time step on where it needs a fresh code. */
export function steppingClock(): { clock: () => Date; nextStep: () => void } {
  let now = Date.now();
  return {
    clock: () => new Date(now),
    nextStep: () => {
      now += 30_000;
    },
  };
}
