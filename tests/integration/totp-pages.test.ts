import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/staff/totp.js';
import { withTestApi, type TestApi } from '../helpers/api.js';
import type { TestDatabase } from '../helpers/database.js';
import { makeUser, PASSWORD, steppingClock, TOTP_SECRET } from '../helpers/staff.js';

let db: TestDatabase;
let api: TestApi;
const { clock, nextStep } = steppingClock();

withTestApi('totp-pages', (d, a) => {
  db = d;
  api = a;
}, { clock });

type Agent = ReturnType<typeof request.agent>;

const csrfIn = (page: string) => {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
};
const sid = (res: request.Response) => /pisarnica\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];

/** The login form with the right password; its answer. */
async function postPassword(agent: Agent, email: string) {
  const form = await agent.get('/staff');
  return agent.post('/staff/login').type('form').send({ _csrf: csrfIn(form.text), email, password: PASSWORD });
}

/** Posts a form of the page at `path` with that page's token. */
async function postFrom(agent: Agent, path: string, action: string, fields: Record<string, string>) {
  const page = await agent.get(path);
  expect(page.status, path).toBe(200);
  return agent.post(action).type('form').send({ _csrf: csrfIn(page.text), ...fields });
}

/** The secret as the enrolment page shows it, spaces taken out (as the person types it into the app). */
const secretOn = (page: string) => /<code class="totp-secret" id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page)?.[1]?.replaceAll(' ', '');

describe('the code page after the password', () => {
  it('when an admin with a second factor gives the right password, then the code page follows and only a right code signs in', async () => {
    await makeUser(db.pool, 'page.admin@president.example', 'admin');
    const agent = request.agent(api.app);
    const form = await agent.get('/staff');
    const before = sid(form);
    const password = await agent.post('/staff/login').type('form').send({ _csrf: csrfIn(form.text), email: 'page.admin@president.example', password: PASSWORD });
    expect(password.status).toBe(303);
    expect(password.headers.location).toBe('/staff/login/code');
    // Not signed in yet: neither the pages nor the API open.
    expect((await agent.get('/api/v1/me')).status).toBe(401);
    expect((await agent.get('/staff')).text).toMatch(/<input[^>]*name="password"/);

    const page = await agent.get('/staff/login/code');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<input id="code" name="code"[^>]*autocomplete="one-time-code"/);
    expect(page.text).toContain('<label for="code">');
    expect(page.text).not.toContain(PASSWORD);
    expect(page.text).not.toMatch(/name="password"|name="email"/);
    expect((await agent.post('/staff/login/code').type('form').send({ code: '123456' })).status).toBe(403);

    nextStep();
    const right = totpCode(TOTP_SECRET, clock());
    const wrong = await agent.post('/staff/login/code').type('form').send({ _csrf: csrfIn(page.text), code: right === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('class="error-summary"');
    expect(wrong.text).toContain('href="#code"');
    expect(wrong.text).toMatch(/<input id="code"[^>]*aria-invalid="true"/);

    const ok = await agent.post('/staff/login/code').type('form').send({ _csrf: csrfIn(wrong.text), code: right });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/staff');
    expect(sid(ok)).toBeDefined();
    expect(sid(ok)).not.toBe(before);
    const list = await agent.get('/staff');
    expect(list.status).toBe(200);
    expect(list.text).toContain('page.admin@president.example');
    expect(list.text).not.toMatch(/name="password"/);
    // The login page's pending state is gone with the old session: the code page now leads away.
    expect((await agent.get('/staff/login/code')).status).toBe(303);
  });

  it('when nobody gave a password, then the code page leads to the login form and its post is refused', async () => {
    const agent = request.agent(api.app);
    const form = await agent.get('/staff');
    const page = await agent.get('/staff/login/code');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/staff');
    const post = await agent.post('/staff/login/code').type('form').send({ _csrf: csrfIn(form.text), code: '123456' });
    expect(post.status).toBe(401);
  });
});

describe('enrolment on the pages', () => {
  it('when an admin without a second factor signs in, then every page leads to enrolment, which shows the secret and shows the recovery codes once', async () => {
    await makeUser(db.pool, 'page.new.admin@president.example', 'admin', undefined, { secondFactor: false });
    const agent = request.agent(api.app);
    const password = await postPassword(agent, 'page.new.admin@president.example');
    expect(password.status).toBe(303);
    expect(password.headers.location).toBe('/staff');
    for (const path of ['/staff', '/staff/admin/users', '/staff/print-queue']) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.location, path).toBe('/staff/second-factor/enrol');
    }
    const enrol = await agent.get('/staff/second-factor/enrol');
    expect(enrol.status).toBe(200);
    const secret = secretOn(enrol.text);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrol.text).toContain('href="otpauth://totp/');
    expect(enrol.text).toMatch(/<img class="totp-qr" src="data:image\/gif;base64,[A-Za-z0-9+/=]+" alt="[^"]+">/);
    // A reload shows the same secret (the app may have half of it already).
    expect(secretOn((await agent.get('/staff/second-factor/enrol')).text)).toBe(secret);
    const blocked = await agent.post('/staff/admin/users').type('form').send({ _csrf: csrfIn(enrol.text), email: 'x@president.example' });
    expect(blocked.status).toBe(403);

    const wrong = await agent.post('/staff/second-factor/enrol').type('form').send({ _csrf: csrfIn(enrol.text), code: '' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('href="#code"');
    const done = await agent.post('/staff/second-factor/enrol').type('form').send({ _csrf: csrfIn(enrol.text), code: totpCode(secret ?? '', clock()) });
    expect(done.status).toBe(200);
    const codes = [...done.text.matchAll(/<li><code>([a-z2-9-]{19})<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect((await agent.get('/staff')).status).toBe(200);
    // Shown once: the settings page counts them but never shows them again.
    const settings = await agent.get('/staff/second-factor');
    expect(settings.text).toContain('10');
    for (const code of codes) expect(settings.text).not.toContain(code);
  });
});

describe('settings and the admin reset on the pages', () => {
  it('when a clerk turns the second factor on and off again, then a wrong password is refused and the right one turns it off', async () => {
    await makeUser(db.pool, 'page.clerk@president.example', 'clerk');
    const agent = request.agent(api.app);
    expect((await postPassword(agent, 'page.clerk@president.example')).status).toBe(303);
    const settings = await agent.get('/staff/second-factor');
    expect(settings.status).toBe(200);
    expect(settings.text).toContain('href="/staff/second-factor/enrol"');
    const enrol = await agent.get('/staff/second-factor/enrol');
    const secret = secretOn(enrol.text) ?? '';
    expect((await agent.post('/staff/second-factor/enrol').type('form').send({ _csrf: csrfIn(enrol.text), code: totpCode(secret, clock()) })).status).toBe(200);

    const refused = await postFrom(agent, '/staff/second-factor', '/staff/second-factor/disable', { password: 'not the password' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('href="#password"');
    const off = await postFrom(agent, '/staff/second-factor', '/staff/second-factor/disable', { password: PASSWORD });
    expect(off.status).toBe(303);
    expect(off.headers.location).toBe('/staff/second-factor?done=disabled');
    expect((await agent.get('/staff/second-factor')).text).toContain('href="/staff/second-factor/enrol"');
  });

  it('when an admin presses reset on the users page, then that account has no second factor and it is audited', async () => {
    await makeUser(db.pool, 'page.resetter@president.example', 'admin');
    const target = await makeUser(db.pool, 'page.phone.lost@president.example', 'supervisor');
    const agent = request.agent(api.app);
    const password = await postPassword(agent, 'page.resetter@president.example');
    expect(password.headers.location).toBe('/staff/login/code');
    nextStep();
    const signedIn = await postFrom(agent, '/staff/login/code', '/staff/login/code', { code: totpCode(TOTP_SECRET, clock()) });
    expect(signedIn.status).toBe(303);

    const action = `/staff/admin/users/${target}/second-factor/reset`;
    expect((await agent.get('/staff/admin/users')).text).toContain(`action="${action}"`);
    const reset = await postFrom(agent, '/staff/admin/users', action, {});
    expect(reset.status).toBe(303);
    expect(reset.headers.location).toBe('/staff/admin/users?done=second-factor-reset');
    const { rows } = await db.pool.query(`SELECT totp_enabled_at FROM staff_users WHERE id = $1`, [target]);
    expect(rows[0].totp_enabled_at).toBeNull();
    const audited = await db.pool.query(`SELECT target_id FROM audit_log WHERE action = 'user.second_factor_reset'`);
    expect(audited.rows).toEqual([{ target_id: String(target) }]);

    const clerk = request.agent(api.app);
    await makeUser(db.pool, 'page.not.admin@president.example', 'clerk');
    await postPassword(clerk, 'page.not.admin@president.example');
    expect((await postFrom(clerk, '/staff/second-factor', action, {})).status).toBe(403);
  });
});
