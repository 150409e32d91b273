// The real CLI in a child process, against a database of this file's own.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { totpCode } from '../../src/staff/totp.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { capturingLogger } from '../helpers/logger.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'a long enough password';
/**
 * One run may take this long at most (tsx start, migrations already applied, one argon2 hash).
 * A run takes about 11 s on a loaded 2-core machine, so the bound leaves room for that, yet stays
 * below the pool's 30 s idle timeout: a run that forgot to end its pool lingers until its idle
 * clients close and still fails.
 */
const RUN_LIMIT_MS = 25_000;

let db: TestDatabase;
let app: Express;

beforeAll(async () => {
  db = await createTestDatabase();
  const { logger } = capturingLogger('warn');
  app = createApp({ pool: db.pool, logger, queueReady: async () => true, rateLimitPerHour: 0, ...APP_DEFAULTS });
});

afterAll(async () => {
  await db?.drop();
});

type Run = { code: number | null; stdout: string; stderr: string; ms: number };

function cli(...args: string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 3 * RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const createUser = (email: string, role: string, extra: string[] = [], password = PASSWORD) =>
  cli('create-user', '--email', email, '--password', password, '--role', role, ...extra);

const countUsers = async (email: string) =>
  Number((await db.pool.query('SELECT count(*) AS n FROM staff_users WHERE lower(email) = lower($1)', [email])).rows[0].n);

/** A refusal: exit 1, quickly, a clear `error:` line, no stack trace, nothing on stdout. */
function expectRefused(run: Run, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.ms).toBeLessThan(RUN_LIMIT_MS);
  expect(run.stdout).toBe('');
  const first = run.stderr.split('\n')[0] ?? '';
  expect(first).toMatch(/^error: /);
  expect(first).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/node:internal|\.ts:\d+/);
}

describe('cli create-user', () => {
  it('when an admin is created, then it prints a line with the email, exits 0, and that admin can log in', async () => {
    const run = await createUser('first.admin@president.example', 'admin', ['--name', 'Prvi Administrator']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.ms).toBeLessThan(RUN_LIMIT_MS);
    expect(run.stdout.split('\n').some((line) => line.includes('first.admin@president.example'))).toBe(true);
    expect(run.stderr).toBe('');

    const { rows } = await db.pool.query(
      `SELECT role, office_id, display_name, password_hash FROM staff_users WHERE email = 'first.admin@president.example'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'admin', office_id: null, display_name: 'Prvi Administrator' });
    expect(rows[0].password_hash).not.toContain(PASSWORD);

    const agent = request.agent(app);
    const login = await agent.post('/api/v1/auth/login').send({ email: 'first.admin@president.example', password: PASSWORD });
    expect(login.status).toBe(204);
    const me = await agent.get('/api/v1/me');
    expect(me.body).toMatchObject({ email: 'first.admin@president.example', role: 'admin', office: null });
    // The first login of an admin opens only the second factor's enrolment; once it is set up, everything.
    expect(me.body.enrolmentRequired).toBe(true);
    expect((await agent.get('/api/v1/admin/users')).body.error).toBe('enrolment_required');
    const { secret } = (await agent.post('/api/v1/me/totp')).body as { secret: string };
    expect((await agent.post('/api/v1/me/totp/confirm').send({ code: totpCode(secret, new Date()) })).status).toBe(200);
    expect((await agent.get('/api/v1/admin/users')).status).toBe(200);
    const wrong = await request(app).post('/api/v1/auth/login').send({ email: 'first.admin@president.example', password: 'not the password' });
    expect(wrong.status).toBe(401);

    const audit = await db.pool.query(`SELECT actor_id, details FROM audit_log WHERE action = 'user.created'`);
    expect(audit.rows).toEqual([{ actor_id: null, details: expect.objectContaining({ role: 'admin', via: 'cli' }) }]);
  });

  it('when an officer is created with --office, then it belongs to that office', async () => {
    const run = await createUser('officer.cli@president.example', 'officer', ['--office', 'legal']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('officer.cli@president.example');
    const { rows } = await db.pool.query(
      `SELECT u.role, o.code FROM staff_users u JOIN offices o ON o.id = u.office_id WHERE u.email = 'officer.cli@president.example'`,
    );
    expect(rows).toEqual([{ role: 'officer', code: 'legal' }]);
  });

  it('when the role is not one of the four, then exit 1 with an error naming --role and no account', async () => {
    const run = await createUser('wizard@president.example', 'wizard');
    expectRefused(run, /--role/);
    expect(run.stderr).toMatch(/usage:/);
    expect(await countUsers('wizard@president.example')).toBe(0);
  });

  it('when an officer has no --office, then exit 1 with an error naming --office and no account', async () => {
    const run = await createUser('officer.nowhere@president.example', 'officer');
    expectRefused(run, /--office/);
    expect(await countUsers('officer.nowhere@president.example')).toBe(0);
  });

  it('when the office does not exist, then exit 1 "unknown office" and no account', async () => {
    const run = await createUser('officer.ghost@president.example', 'officer', ['--office', 'ghost-office']);
    expectRefused(run, /unknown office/);
    expect(run.stderr).toContain('ghost-office');
    expect(await countUsers('officer.ghost@president.example')).toBe(0);
  });

  it('when the email exists already in another case, then exit 1 "already exists" and still one account', async () => {
    const first = await createUser('dup@president.example', 'clerk');
    expect(first.code, first.stderr).toBe(0);
    const again = await createUser('DUP@President.Example', 'supervisor');
    expectRefused(again, /already exists/);
    expect(await countUsers('dup@president.example')).toBe(1);
    const { rows } = await db.pool.query(`SELECT role FROM staff_users WHERE lower(email) = 'dup@president.example'`);
    expect(rows).toEqual([{ role: 'clerk' }]);
  });

  it('when the password is too short, then exit 1 with an error naming --password and no account', async () => {
    const run = await createUser('short@president.example', 'clerk', [], 'short1');
    expectRefused(run, /--password/);
    expect(run.stderr).not.toContain('short1');
    expect(await countUsers('short@president.example')).toBe(0);
  });

  it('when the password is long enough but common, then exit 1 saying so, naming --password, and no account', async () => {
    const run = await createUser('common@president.example', 'admin', [], 'password1234');
    expectRefused(run, /--password: .*common or easy to guess/);
    expect(run.stderr).not.toContain('password1234');
    expect(await countUsers('common@president.example')).toBe(0);
  });

  it('when the command is unknown or missing, then exit 1 with the usage', async () => {
    for (const args of [['make-coffee'], []]) {
      const run = await cli(...args);
      expectRefused(run, /unknown command/);
      expect(run.stderr).toMatch(/^usage: .*create-user --email .* --password .* --role /m);
    }
  });
});
