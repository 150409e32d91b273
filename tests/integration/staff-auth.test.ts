import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { credentials, loggedIn, makeUser, PASSWORD } from '../helpers/staff.js';

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

/** A login through the API, with the current code when the account has a second factor. */
const login = async (email: string, password: string) => request(api.app).post('/api/v1/auth/login').send(await credentials(email, password));
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

const sessionRows = async (userId?: number) =>
  Number((await db.pool.query(
    `SELECT count(*) AS n FROM staff_sessions WHERE $1::text IS NULL OR sess ->> 'userId' = $1::text`,
    [userId === undefined ? null : String(userId)],
  )).rows[0].n);

const csrfIn = (page: string) => {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
};

/** Signs in through the login form, as a browser would; the agent keeps the cookies. */
async function signInByForm(email: string, password = PASSWORD) {
  const agent = request.agent(api.app);
  const form = await agent.get('/staff');
  const res = await agent.post('/staff/login').type('form').send({ _csrf: csrfIn(form.text), email, password });
  expect(res.status).toBe(303);
  return agent;
}

describe('sessions ended by an admin', () => {
  it('when an admin resets a password, then both open sessions of that user get 401 at once and the new password works', async () => {
    const id = await makeUser(db.pool, 'reset@president.example', 'supervisor');
    const [laptop, phone] = [await loggedIn(api.app, 'reset@president.example'), await loggedIn(api.app, 'reset@president.example')];
    expect((await phone.get('/api/v1/me')).status).toBe(200);
    const admin = await loggedIn(api.app, 'admin@president.example');
    const reset = await admin.patch(`/api/v1/admin/users/${id}`).send({ password: 'a fresh passphrase from the admin' });
    expect(reset.status).toBe(200);
    expect((await laptop.get('/api/v1/me')).status).toBe(401);
    expect((await phone.get('/api/v1/staff/submissions')).status).toBe(401);
    expect(await sessionRows(id)).toBe(0);
    expect((await login('reset@president.example', PASSWORD)).status).toBe(401);
    expect((await login('reset@president.example', 'a fresh passphrase from the admin')).status).toBe(204);
    expect((await admin.get('/api/v1/me')).status).toBe(200);
  });

  it('when an admin disables an account, then its sessions end and stay ended when it is enabled again', async () => {
    const id = await makeUser(db.pool, 'disabled@president.example', 'clerk');
    const [api1, pages] = [await loggedIn(api.app, 'disabled@president.example'), await signInByForm('disabled@president.example')];
    const admin = await loggedIn(api.app, 'admin@president.example');
    expect((await admin.patch(`/api/v1/admin/users/${id}`).send({ disabled: true })).status).toBe(200);
    expect((await api1.get('/api/v1/me')).status).toBe(401);
    expect((await pages.get('/staff/print-queue')).status).toBe(303);
    expect(await sessionRows(id)).toBe(0);
    expect((await admin.patch(`/api/v1/admin/users/${id}`).send({ disabled: false })).status).toBe(200);
    expect((await api1.get('/api/v1/me')).status).toBe(401);
    expect((await pages.get('/staff/print-queue')).status).toBe(303);
  });
});

describe('absolute session lifetime', () => {
  it('when a busy session reaches 12 hours since sign-in, then it is over: 401 from the API, the login page for pages', async () => {
    const id = await makeUser(db.pool, 'long.day@president.example', 'clerk');
    const agent = await loggedIn(api.app, 'long.day@president.example');
    const pages = await signInByForm('long.day@president.example');
    clockOffsetMs = 11 * 3_600_000 + 59 * 60_000;
    expect((await agent.get('/api/v1/me')).status).toBe(200);
    expect((await pages.get('/staff/print-queue')).status).toBe(200);
    clockOffsetMs = 12 * 3_600_000 + 1_000;
    expect((await agent.get('/api/v1/me')).status).toBe(401);
    const page = await pages.get('/staff/print-queue');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/staff');
    expect((await pages.get('/staff')).text).toMatch(/<input[^>]*type="password"/);
    expect(await sessionRows(id)).toBe(0);
  });

  it('when SESSION_MAX_HOURS is given, then it is the lifetime; a bad value stops the start naming it', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(loadConfig({ SESSION_MAX_HOURS: '8' }).sessionMaxHours).toBe(8);
    expect(loadConfig({}).sessionMaxHours).toBe(12);
    for (const bad of ['0', 'soon', '1.5']) expect(() => loadConfig({ SESSION_MAX_HOURS: bad })).toThrow(/SESSION_MAX_HOURS/);
    const short = createTestApi(db.pool, REDIS_URL, prefix, { sessionMaxHours: 1, clock: () => new Date(Date.now() + clockOffsetMs) });
    try {
      const agent = await loggedIn(short.app, 'admin@president.example');
      clockOffsetMs = 3_600_000 + 1_000;
      expect((await agent.get('/api/v1/me')).status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('signed-out visitors', () => {
  it('when signed-out visitors open staff pages, fail logins and call the API, then no session row is written', async () => {
    await db.pool.query('DELETE FROM staff_sessions');
    const visitor = request.agent(api.app);
    for (let i = 0; i < 3; i++) expect((await visitor.get('/staff')).status).toBe(200);
    for (const path of ['/staff/letters/PR-2026-000001-7', '/staff/admin/users', '/staff/password', '/staff/print-queue']) {
      expect((await visitor.get(path)).status).toBe(303);
    }
    const form = await visitor.get('/staff');
    for (let i = 0; i < 3; i++) {
      const res = await visitor.post('/staff/login').type('form').send({ _csrf: csrfIn(form.text), email: 'admin@president.example', password: `wrong ${i}` });
      expect(res.status).toBe(401);
      expect(csrfIn(res.text)).toBe(csrfIn(form.text));
    }
    expect((await request(api.app).post('/staff/login').type('form').send({ email: 'a@b.example', password: 'x' })).status).toBe(403);
    expect((await visitor.post('/staff/logout').type('form').send({ _csrf: csrfIn(form.text) })).status).toBe(303);
    expect((await login('admin@president.example', 'wrong again')).status).toBe(401);
    expect((await request(api.app).get('/api/v1/me')).status).toBe(401);
    expect((await request(api.app).get('/api/v1/staff/submissions')).status).toBe(401);
    expect((await request(api.app).post('/api/v1/me/password').send({ currentPassword: 'x', newPassword: 'y' })).status).toBe(401);
    expect(await sessionRows()).toBe(0);
    // The form still signs in with that token.
    const res = await visitor.post('/staff/login').type('form').send({ _csrf: csrfIn(form.text), email: 'admin@president.example', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(await sessionRows()).toBe(1);
  });

  it('when the login form carries a token that is not the cookie\'s or not ours, then 403', async () => {
    const visitor = request.agent(api.app);
    const token = csrfIn((await visitor.get('/staff')).text);
    const [nonce] = token.split('.');
    const forged = await visitor.post('/staff/login').type('form').send({ _csrf: `${nonce}.forged`, email: 'admin@president.example', password: PASSWORD });
    expect(forged.status).toBe(403);
    const other = await request(api.app).post('/staff/login').set('Cookie', `pisarnica.login=${nonce}.forged`).type('form')
      .send({ _csrf: `${nonce}.forged`, email: 'admin@president.example', password: PASSWORD });
    expect(other.status).toBe(403);
    const stranger = await request(api.app).post('/staff/login').type('form').send({ _csrf: token, email: 'admin@president.example', password: PASSWORD });
    expect(stranger.status).toBe(403);
  });
});

const sid = (res: request.Response) => /pisarnica\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];

describe('changing one\'s own password', () => {
  const NEW = 'seven swans over the Sava river';

  it('when the current password is right, then 204, a new session id, the other sessions end, and only the new password logs in', async () => {
    const id = await makeUser(db.pool, 'own@president.example', 'officer', 'legal');
    const [here, elsewhere] = [await loggedIn(api.app, 'own@president.example'), await loggedIn(api.app, 'own@president.example')];
    const before = await db.pool.query(`SELECT sid FROM staff_sessions WHERE sess ->> 'userId' = $1`, [String(id)]);
    const res = await here.post('/api/v1/me/password').send({ currentPassword: PASSWORD, newPassword: NEW });
    expect(res.status).toBe(204);
    expect(sid(res)).toBeDefined();
    const after = await db.pool.query(`SELECT sid FROM staff_sessions WHERE sess ->> 'userId' = $1`, [String(id)]);
    expect(after.rows).toHaveLength(1);
    expect(before.rows.map((r) => r.sid)).not.toContain(after.rows[0].sid);
    expect((await here.get('/api/v1/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).status).toBe(401);
    expect((await login('own@president.example', PASSWORD)).status).toBe(401);
    expect((await login('own@president.example', NEW)).status).toBe(204);
    const audited = await db.pool.query(`SELECT actor_id FROM audit_log WHERE action = 'password.changed' AND target_id = $1`, [String(id)]);
    expect(audited.rows).toEqual([{ actor_id: String(id) }]);
  });

  it('when the current password is wrong, then 422 on currentPassword; the guesses count towards the lockout (423 after 5)', async () => {
    await makeUser(db.pool, 'guessed@president.example', 'clerk');
    const thief = await loggedIn(api.app, 'guessed@president.example');
    for (let i = 0; i < 5; i++) {
      const res = await thief.post('/api/v1/me/password').send({ currentPassword: `guess ${i}`, newPassword: NEW });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: 'validation_failed', issues: [{ path: 'currentPassword', message: expect.any(String) }] });
    }
    const locked = await thief.post('/api/v1/me/password').send({ currentPassword: PASSWORD, newPassword: NEW });
    expect(locked.status).toBe(423);
    expect(locked.body.error).toBe('account_locked');
    expect((await login('guessed@president.example', PASSWORD)).status).toBe(423);
  });

  it('when the new password is common, the same as the current one, or the body is wrong, then 422 naming the field', async () => {
    await makeUser(db.pool, 'careless@president.example', 'clerk');
    const agent = await loggedIn(api.app, 'careless@president.example');
    const common = await agent.post('/api/v1/me/password').set('Accept-Language', 'en').send({ currentPassword: PASSWORD, newPassword: 'password1234' });
    expect(common.status).toBe(422);
    expect(common.body.issues).toEqual([{ path: 'newPassword', message: expect.stringMatching(/common or easy to guess/) }]);
    const same = await agent.post('/api/v1/me/password').send({ currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.status).toBe(422);
    expect(same.body.issues.map((i: { path: string }) => i.path)).toEqual(['newPassword']);
    const extra = await agent.post('/api/v1/me/password').send({ currentPassword: PASSWORD, newPassword: NEW, role: 'admin' });
    expect(extra.status).toBe(422);
    expect((await login('careless@president.example', PASSWORD)).status).toBe(204);
  });

  it('when changed through the page, then the form needs the CSRF token, refuses a wrong current password, and on success shows a notice', async () => {
    const id = await makeUser(db.pool, 'page.user@president.example', 'clerk');
    const agent = await signInByForm('page.user@president.example');
    const other = await loggedIn(api.app, 'page.user@president.example');
    const form = await agent.get('/staff/password');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<input[^>]*name="currentPassword"[^>]*type="password"/);
    expect(form.text).toContain('<label for="newPassword">');
    const fields = { currentPassword: PASSWORD, newPassword: NEW, newPasswordAgain: NEW };
    expect((await agent.post('/staff/password').type('form').send(fields)).status).toBe(403);
    const wrong = await agent.post('/staff/password').type('form').send({ ...fields, _csrf: csrfIn(form.text), currentPassword: 'not it at all' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('href="#currentPassword"');
    expect(wrong.text).not.toContain('not it at all');
    const mismatch = await agent.post('/staff/password').type('form').send({ ...fields, _csrf: csrfIn(form.text), newPasswordAgain: 'something else entirely' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('href="#newPasswordAgain"');
    const done = await agent.post('/staff/password').type('form').send({ ...fields, _csrf: csrfIn(form.text) });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/staff/password?done=password');
    expect(sid(done)).toBeDefined();
    expect((await agent.get('/staff/password?done=password')).text).toContain('class="notice"');
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect(await sessionRows(id)).toBe(1);
  });
});

describe('common passwords', () => {
  it.each(['password123', 'qwertyuiop', 'Passw0rd!', 'password1234', 'qwertyuiopasdf'])(
    'when an admin creates an account with %s, then 422 on password with a clear message',
    async (password) => {
      const admin = await loggedIn(api.app, 'admin@president.example');
      const res = await admin.post('/api/v1/admin/users').set('Accept-Language', 'en')
        .send({ email: `weak-${password.length}@president.example`, password, role: 'clerk' });
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('password');
      expect(res.body.issues.map((i: { message: string }) => i.message).join(' ')).toMatch(/common or easy to guess/);
    },
  );

  it('when an admin resets a password to a common one, then 422 and the old password still works', async () => {
    const id = await makeUser(db.pool, 'kept@president.example', 'clerk');
    const admin = await loggedIn(api.app, 'admin@president.example');
    const res = await admin.patch(`/api/v1/admin/users/${id}`).send({ password: 'iloveyou1234' });
    expect(res.status).toBe(422);
    expect(res.body.issues[0].path).toBe('password');
    expect((await login('kept@president.example', PASSWORD)).status).toBe(204);
  });

  it('when the password is a long passphrase, then the account is created', async () => {
    const admin = await loggedIn(api.app, 'admin@president.example');
    const res = await admin.post('/api/v1/admin/users').send({ email: 'strong@president.example', password: 'Tri kanarinca pevaju u zoru nad Moravom', role: 'clerk' });
    expect(res.status).toBe(201);
  });
});
