import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser, PASSWORD } from '../helpers/staff.js';

// Lockout under parallel guesses, the end of sessions (reset, disable, absolute
// lifetime, own password change), no sessions for signed-out visitors, and
// common passwords refused.

let db: TestDatabase;
let api: TestApi;
const prefix = uniquePrefix('staff-auth');
/** The app's clock: real time plus whatever a test moves it forward by. */
let clockOffsetMs = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  api = createTestApi(db.pool, REDIS_URL, prefix, { clock: () => new Date(Date.now() + clockOffsetMs) });
  await makeUser(db.pool, 'admin@president.example', 'admin');
});

beforeEach(async () => {
  clockOffsetMs = 0;
  await db.pool.query('DELETE FROM login_failures');
});

afterAll(async () => {
  await api.close();
  await deleteKeys(REDIS_URL, prefix);
  await db.drop();
});

const login = (email: string, password: string) => request(api.app).post('/api/v1/auth/login').send({ email, password });
const statusCounts = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {});

describe('lockout under parallel guesses', () => {
  it('when 30 wrong passwords for one account arrive at once, then exactly 5 are checked (401) and 25 refused as locked (423)', async () => {
    await makeUser(db.pool, 'parallel@president.example', 'clerk');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(i % 2 ? 'Parallel@president.example' : ' parallel@president.example ', `guess number ${i}`)),
    );
    expect(statusCounts(answers.map((r) => r.status))).toEqual({ 401: 5, 423: 25 });
    for (const locked of answers.filter((r) => r.status === 423)) {
      expect(locked.body.error).toBe('account_locked');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    }
    const correct = await login('parallel@president.example', PASSWORD);
    expect(correct.status).toBe(423);
  });

  it('when one client sends 30 wrong logins for 30 accounts at once, then exactly 20 are checked and 10 refused as locked', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`spray-${i}@president.example`, 'Password1')));
    expect(statusCounts(answers.map((r) => r.status))).toEqual({ 401: 20, 423: 10 });
  });

  it('when the right password comes after a few failures, then it works and the count starts again', async () => {
    await makeUser(db.pool, 'forgetful@president.example', 'clerk');
    for (let i = 0; i < 4; i++) expect((await login('forgetful@president.example', `wrong ${i}`)).status).toBe(401);
    expect((await login('forgetful@president.example', PASSWORD)).status).toBe(204);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM login_failures WHERE lower(email) = 'forgetful@president.example'`);
    expect(rows[0].n).toBe(0);
    for (let i = 0; i < 4; i++) expect((await login('forgetful@president.example', `wrong ${i}`)).status).toBe(401);
  });
});
