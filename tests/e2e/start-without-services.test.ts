import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { exampleLetter } from '../helpers/letters.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';
import { spawnFromSource, type WorkerProcess } from '../helpers/worker-process.js';

// `npm start` with no settings: embedded PostgreSQL, queues on PostgreSQL, mail as .eml files.
let dataDir: string;
let app: WorkerProcess | undefined;
const PORT = 3000 + 900 + (process.pid % 90);
const base = `http://127.0.0.1:${PORT}`;
const env = () => ({ DATA_DIR: dataDir, PORT: String(PORT), RECONCILE_GRACE_SECONDS: '2' });

beforeAll(async () => {
  // mkdtemp makes a private (0700) folder: as root, the app must let the `postgres` user
  // (which the embedded server runs as) into it, as it must into a private checkout.
  dataDir = await mkdtemp(path.join(tmpdir(), 'pisarnica-e2e-'));
});

afterAll(async () => {
  app?.child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

it('when started with no services, then a letter is stored, routed and mailed as two .eml files, and the data survives a restart', async () => {
  app = await spawnFromSource('src/main.ts', 'API listening', env());
  expect(app.output.join('')).toContain('running on an embedded PostgreSQL');

  const res = await fetch(`${base}/api/v1/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(exampleLetter()),
  });
  expect(res.status).toBe(201);
  const receipt = (await res.json()) as { reference: string; trackingToken: string };
  const outbox = path.join(dataDir, 'outbox');
  await waitFor(async () => (await readdir(outbox).catch(() => [])).length === 2, WAIT_MS, 'two .eml files');
  const files = (await readdir(outbox)).sort();
  expect(files[0]).toMatch(new RegExp(`^${receipt.reference}\\.ack\\.\\d+\\..*\\.eml$`));
  expect(files[1]).toMatch(new RegExp(`^${receipt.reference}\\.notify\\.\\d+\\..*\\.eml$`));

  // One process: the API's /metrics carries what its workers recorded.
  await waitFor(async () => /^mail_sent_total\{kind="acknowledgement"\} 1$/m.test(await (await fetch(`${base}/metrics`)).text()), WAIT_MS, 'metrics');
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toMatch(/^letters_received_total\{channel="web",category="question"\} 1$/m);
  expect(metrics).toMatch(/^queue_jobs\{queue="mail",state="waiting"\} \d+$/m);

  // The CLI, run while the server is up, uses the same embedded database.
  const cli = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'create-user', '--email', 'first@president.example', '--password', 'a long passphrase', '--role', 'admin'],
    { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', ...env() } },
  );
  expect(cli.stdout).toContain('created admin first@president.example');

  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);

  app = await spawnFromSource('src/main.ts', 'API listening', env());
  const tracked = await fetch(`${base}/api/v1/submissions/${receipt.reference}?token=${receipt.trackingToken}`);
  expect(tracked.status).toBe(200);
  expect(await tracked.json()).toMatchObject({ reference: receipt.reference, status: 'routed' });
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'first@president.example', password: 'a long passphrase' }),
  });
  expect(login.status).toBe(204);
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
}, 360_000);
