import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/staff/totp.js';
import { withTestApi, type TestApi } from '../helpers/api.js';
import type { TestDatabase } from '../helpers/database.js';
import { makeUser, PASSWORD, steppingClock, TOTP_SECRET } from '../helpers/staff.js';

let db: TestDatabase;
let api: TestApi;
const { clock, nextStep } = steppingClock();

withTestApi('totp', (d, a) => {
  db = d;
  api = a;
}, { clock });

type Agent = ReturnType<typeof request.agent>;
const login = (agent: Agent | ReturnType<typeof request>, email: string, code?: string) =>
  agent.post('/api/v1/auth/login').send({ email, password: PASSWORD, ...(code === undefined ? {} : { code }) });

/** Signs in (the account has no second factor yet) and sets one up through the API; the secret and the recovery codes. */
async function enrolThroughApi(email: string): Promise<{ agent: Agent; secret: string; recoveryCodes: string[] }> {
  const agent = request.agent(api.app);
  expect((await login(agent, email)).status).toBe(204);
  const started = await agent.post('/api/v1/me/totp');
  expect(started.status).toBe(201);
  const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const uri = new URL(otpauthUri);
  expect(`${uri.protocol}//${uri.host}${decodeURIComponent(uri.pathname)}`).toBe(`otpauth://totp/Pisarnica:${email}`);
  expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, issuer: 'Pisarnica' });
  const confirmed = await agent.post('/api/v1/me/totp/confirm').send({ code: totpCode(secret, clock()) });
  expect(confirmed.status).toBe(200);
  nextStep();
  return { agent, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

const failuresOf = async (email: string) =>
  Number((await db.pool.query('SELECT count(*) AS n FROM login_failures WHERE lower(email) = lower($1)', [email])).rows[0].n);

describe('enrolment of a role that needs a second factor', () => {
  it('when an admin without one logs in, then 204 with a session that opens only enrolment; /me says so', async () => {
    await makeUser(db.pool, 'new.admin@president.example', 'admin', undefined, { secondFactor: false });
    const agent = request.agent(api.app);
    expect((await login(agent, 'new.admin@president.example')).status).toBe(204);
    const me = await agent.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: 'new.admin@president.example', enrolmentRequired: true, secondFactor: { enabled: false, required: true, recoveryCodesLeft: 0 },
    });
    for (const path of ['/api/v1/admin/users', '/api/v1/staff/submissions', '/api/v1/staff/print-queue']) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body, path).toMatchObject({ error: 'enrolment_required', message: expect.any(String) });
    }
  });

  it('when a code from the new secret confirms it, then ten recovery codes once (stored hashed), and the whole API opens', async () => {
    await makeUser(db.pool, 'super.enrols@president.example', 'supervisor', undefined, { secondFactor: false });
    const { agent, secret, recoveryCodes } = await enrolThroughApi('super.enrols@president.example');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await agent.get('/api/v1/staff/submissions')).status).toBe(200);
    expect((await agent.get('/api/v1/me')).body).toMatchObject({ enrolmentRequired: false, secondFactor: { enabled: true, recoveryCodesLeft: 10 } });

    const { rows } = await db.pool.query(
      `SELECT encode(r.code_hash, 'hex') AS hash FROM staff_recovery_codes r JOIN staff_users u ON u.id = r.user_id WHERE u.email = $1`,
      ['super.enrols@president.example'],
    );
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
    }
    // Neither the secret nor a recovery code reaches the log.
    const log = api.logLines.join('\n');
    expect(log).not.toContain(secret);
    for (const code of recoveryCodes) expect(log).not.toContain(code);
    // Enrolling again is refused: the secret is changed only after a reset.
    expect((await agent.post('/api/v1/me/totp')).status).toBe(409);
  });

  it('when the confirming code is wrong, then 422 on `code` and the second factor stays off', async () => {
    await makeUser(db.pool, 'typo@president.example', 'admin', undefined, { secondFactor: false });
    const agent = request.agent(api.app);
    await login(agent, 'typo@president.example');
    const { secret } = (await agent.post('/api/v1/me/totp')).body as { secret: string };
    const right = totpCode(secret, clock());
    const wrong = right === '000000' ? '111111' : '000000';
    const res = await agent.post('/api/v1/me/totp/confirm').send({ code: wrong });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'validation_failed', issues: [{ path: 'code', message: expect.any(String) }] });
    expect((await agent.post('/api/v1/me/totp/confirm').send({})).status).toBe(422);
    expect((await agent.get('/api/v1/me')).body.enrolmentRequired).toBe(true);
    expect((await agent.get('/api/v1/admin/users')).status).toBe(403);
  });
});

describe('logging in with a second factor', () => {
  it('when the code is missing, then 401 second_factor_required and no session; with the code, 204', async () => {
    await makeUser(db.pool, 'two.steps@president.example', 'supervisor');
    const agent = request.agent(api.app);
    const missing = await login(agent, 'two.steps@president.example');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: 'second_factor_required', message: expect.any(String) });
    expect(String(missing.headers['set-cookie'] ?? '')).not.toMatch(/pisarnica\.sid=/);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
    // A missing code is not a failure: the password was right.
    expect(await failuresOf('two.steps@president.example')).toBe(0);

    nextStep();
    expect((await login(agent, 'two.steps@president.example', totpCode(TOTP_SECRET, clock()))).status).toBe(204);
    expect((await agent.get('/api/v1/staff/submissions')).status).toBe(200);
  });

  it('when a code has been used, then it does not work a second time (replay), and the next time step\'s does', async () => {
    await makeUser(db.pool, 'replay@president.example', 'admin');
    nextStep();
    const code = totpCode(TOTP_SECRET, clock());
    expect((await login(request(api.app), 'replay@president.example', code)).status).toBe(204);
    const again = await login(request(api.app), 'replay@president.example', code);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('invalid_credentials');
    // One step earlier is within the window but older than the one used: refused too.
    expect((await login(request(api.app), 'replay@president.example', totpCode(TOTP_SECRET, new Date(clock().getTime() - 30_000)))).status).toBe(401);
    nextStep();
    expect((await login(request(api.app), 'replay@president.example', totpCode(TOTP_SECRET, clock()))).status).toBe(204);
  });

  it('when codes are one step off (clock drift), then they work; two steps off, they do not', async () => {
    await makeUser(db.pool, 'drift@president.example', 'supervisor');
    nextStep();
    expect((await login(request(api.app), 'drift@president.example', totpCode(TOTP_SECRET, new Date(clock().getTime() + 60_000)))).status).toBe(401);
    expect((await login(request(api.app), 'drift@president.example', totpCode(TOTP_SECRET, new Date(clock().getTime() + 30_000)))).status).toBe(204);
  });

  it('when the code is wrong, then 401 invalid_credentials counted for the lockout: after 5, even the right code gets 423', async () => {
    await makeUser(db.pool, 'guessed@president.example', 'admin');
    nextStep();
    const right = totpCode(TOTP_SECRET, clock());
    const wrongs = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((c) => c !== right).slice(0, 5);
    for (const wrong of wrongs) {
      const res = await login(request(api.app), 'guessed@president.example', wrong);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_credentials');
    }
    expect(await failuresOf('guessed@president.example')).toBe(5);
    const locked = await login(request(api.app), 'guessed@president.example', right);
    expect(locked.status).toBe(423);
    const audited = await db.pool.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'login.second_factor_failed'`);
    expect(Number(audited.rows[0].n)).toBeGreaterThanOrEqual(5);
  });

  it('when 30 wrong codes with the right password arrive at once, then exactly 5 are checked and 25 refused as locked', async () => {
    await makeUser(db.pool, 'parallel.codes@president.example', 'supervisor');
    nextStep();
    const right = Number(totpCode(TOTP_SECRET, clock()));
    // Thirty six-digit codes that are none of the window's (the right one is one of three around now).
    const wrongs = Array.from({ length: 30 }, (_, i) => String((right + 100_000 + i * 1_000) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(wrongs.map((code) => login(request(api.app), 'parallel.codes@president.example', code)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 423)).toHaveLength(25);
  });

  it('when a recovery code is used, then it logs in once (any case, hyphens optional), and never again', async () => {
    await makeUser(db.pool, 'lost.phone@president.example', 'supervisor', undefined, { secondFactor: false });
    const { recoveryCodes } = await enrolThroughApi('lost.phone@president.example');
    const [first, second] = recoveryCodes as [string, string];
    const agent = request.agent(api.app);
    expect((await login(agent, 'lost.phone@president.example', first)).status).toBe(204);
    expect((await agent.get('/api/v1/me')).body.secondFactor.recoveryCodesLeft).toBe(9);
    const reused = await login(request(api.app), 'lost.phone@president.example', first);
    expect(reused.status).toBe(401);
    expect(reused.body.error).toBe('invalid_credentials');
    expect((await login(request(api.app), 'lost.phone@president.example', second.replaceAll('-', '').toUpperCase())).status).toBe(204);
    const audited = await db.pool.query(`SELECT details FROM audit_log WHERE action = 'login.recovery_code_used' ORDER BY id`);
    expect(audited.rows.map((r) => r.details.left)).toEqual([9, 8]);
  });

  it('when new recovery codes are made against a current code, then the old ones stop working', async () => {
    await makeUser(db.pool, 'renews@president.example', 'supervisor', undefined, { secondFactor: false });
    const { agent, secret, recoveryCodes } = await enrolThroughApi('renews@president.example');
    const wrong = totpCode(secret, clock()) === '000000' ? '111111' : '000000';
    expect((await agent.post('/api/v1/me/totp/recovery-codes').send({ code: wrong })).status).toBe(422);
    // Guessing here is no faster than at the login: counted, and refused while the account is locked.
    expect(await failuresOf('renews@president.example')).toBe(1);
    const renewed = await agent.post('/api/v1/me/totp/recovery-codes').send({ code: totpCode(secret, clock()) });
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect((await login(request(api.app), 'renews@president.example', recoveryCodes[0])).status).toBe(401);
    expect((await login(request(api.app), 'renews@president.example', renewed.body.recoveryCodes[0])).status).toBe(204);

    await db.pool.query(`INSERT INTO login_failures (email, client, failed_at) SELECT $1, 'elsewhere', $2 FROM generate_series(1, 5)`, [
      'renews@president.example', clock(),
    ]);
    nextStep();
    const locked = await agent.post('/api/v1/me/totp/recovery-codes').send({ code: totpCode(secret, clock()) });
    expect(locked.status).toBe(423);
    expect(locked.body.error).toBe('account_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('optional for officers and clerks', () => {
  it('when a clerk enrols, then the code is needed; it turns it off with its password (a wrong one refused and counted)', async () => {
    await makeUser(db.pool, 'careful.clerk@president.example', 'clerk');
    const before = request.agent(api.app);
    expect((await login(before, 'careful.clerk@president.example')).status).toBe(204);
    expect((await before.get('/api/v1/me')).body).toMatchObject({ enrolmentRequired: false, secondFactor: { enabled: false, required: false } });

    const { agent } = await enrolThroughApi('careful.clerk@president.example');
    expect((await login(request(api.app), 'careful.clerk@president.example')).body.error).toBe('second_factor_required');

    const wrong = await agent.post('/api/v1/me/totp/disable').send({ password: 'not my password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('invalid_credentials');
    expect(await failuresOf('careful.clerk@president.example')).toBe(1);
    expect((await agent.post('/api/v1/me/totp/disable').send({})).status).toBe(422);
    expect((await agent.post('/api/v1/me/totp/disable').send({ password: PASSWORD })).status).toBe(204);
    expect((await login(request(api.app), 'careful.clerk@president.example')).status).toBe(204);
    const audited = await db.pool.query(`SELECT action FROM audit_log WHERE action LIKE 'second_factor.%' ORDER BY id`);
    expect(audited.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['second_factor.enabled', 'second_factor.disable_refused', 'second_factor.disabled']));
  });

  it('when a supervisor tries to turn it off, then 403 second_factor_mandatory and it stays on', async () => {
    await makeUser(db.pool, 'keeps.it@president.example', 'supervisor');
    const agent = request.agent(api.app);
    nextStep();
    await login(agent, 'keeps.it@president.example', totpCode(TOTP_SECRET, clock()));
    const res = await agent.post('/api/v1/me/totp/disable').send({ password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('second_factor_mandatory');
    expect((await agent.get('/api/v1/me')).body.secondFactor.enabled).toBe(true);
  });
});

describe("an admin's reset", () => {
  it('when an admin resets a supervisor\'s second factor, then it is audited and that supervisor enrols again at the next login', async () => {
    await makeUser(db.pool, 'resetter@president.example', 'admin');
    const target = await makeUser(db.pool, 'dropped.phone@president.example', 'supervisor');
    const admin = request.agent(api.app);
    nextStep();
    expect((await login(admin, 'resetter@president.example', totpCode(TOTP_SECRET, clock()))).status).toBe(204);

    const officer = request.agent(api.app);
    await makeUser(db.pool, 'not.admin@president.example', 'clerk');
    await login(officer, 'not.admin@president.example');
    expect((await officer.delete(`/api/v1/admin/users/${target}/totp`)).status).toBe(403);
    expect((await admin.delete('/api/v1/admin/users/999999/totp')).status).toBe(404);

    expect((await admin.delete(`/api/v1/admin/users/${target}/totp`)).status).toBe(204);
    const { rows } = await db.pool.query(`SELECT actor_id, target_id FROM audit_log WHERE action = 'user.second_factor_reset'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].target_id).toBe(String(target));

    const dropped = request.agent(api.app);
    expect((await login(dropped, 'dropped.phone@president.example')).status).toBe(204);
    expect((await dropped.get('/api/v1/me')).body.enrolmentRequired).toBe(true);
    expect((await dropped.get('/api/v1/staff/submissions')).body.error).toBe('enrolment_required');
  });
});
