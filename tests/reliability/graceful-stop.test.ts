import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, afterEach, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { deleteKeys, redisUrlForDb } from '../helpers/redis.js';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { freePort, spawnFromSource, type WorkerProcess } from '../helpers/worker-process.js';

// `npm start` as a real process, stopped with SIGTERM the way an orchestrator does it. Its queues use
// the deployment's key prefix, so a Redis database no other test file uses (keys deleted by prefix).
const REDIS_DB_URL = redisUrlForDb(8);
const KEYS = '{pisarnica}';

let db: TestDatabase;
let smtp: TestSmtp;
let app: WorkerProcess | undefined;
let port: number;

async function startApp(env: Record<string, string> = {}): Promise<WorkerProcess> {
  port = await freePort();
  app = await spawnFromSource('src/main.ts', 'API listening', {
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_DB_URL,
    SMTP_URL: smtp.url,
    PORT: String(port),
    RATE_LIMIT_SUBMISSIONS: '0',
    // Generous: the tests assert that the process exits, never how fast.
    SHUTDOWN_DEADLINE_SECONDS: '60',
    ...env,
  }, 60_000);
  return app;
}

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpServer();
  await deleteKeys(REDIS_DB_URL, KEYS);
});

afterEach(() => {
  app?.child.kill('SIGKILL');
  app = undefined;
});

afterAll(async () => {
  await smtp.close();
  await db.drop();
  await deleteKeys(REDIS_DB_URL, KEYS);
});

type Answer = { status: number; connection: string | undefined; reusedSocket: boolean; body: string };

function get(agent: http.Agent, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, reusedSocket: req.reusedSocket, body }));
    });
    req.on('error', reject);
  });
}

/** A letter POST whose body arrives in two halves: in flight from its first byte until `finish()`. */
type SlowPost = { written: Promise<void>; finish(): void; answer: Promise<{ status: number; body: { reference?: string } }> };

function slowLetterPost(): SlowPost {
  const body = Buffer.from(JSON.stringify(exampleLetter()));
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/submissions',
    headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
  });
  const answer = new Promise<{ status: number; body: { reference?: string } }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { reference?: string } }));
    });
    req.on('error', reject);
  });
  // Awaited by the test; a test that fails first must not leave an unheard rejection.
  answer.catch(() => undefined);
  const written = new Promise<void>((resolve) => req.write(body.subarray(0, 20), () => resolve()));
  return { written, finish: () => req.end(body.subarray(20)), answer };
}

/** The process has logged that a stop on SIGTERM has begun. */
const stopBegun = (p: WorkerProcess) => () => /"(signal|reason)":"SIGTERM"/.test(p.output.join(''));

/** Its first bytes are out and a later request on another connection was answered: the server is reading it. */
async function untilReading(post: SlowPost): Promise<void> {
  await post.written;
  expect((await get(new http.Agent(), '/healthz')).status).toBe(200);
}

it('when SIGTERM arrives while a client polls /readyz on a keep-alive connection, then it gets 503 with Connection: close on that connection and the process exits', async () => {
  const p = await startApp();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const answers: (Answer | Error)[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      answers.push(await get(agent, '/readyz').catch((error: Error) => error));
      await sleep(100);
    }
  })();
  await waitFor(() => answers.some((a) => !(a instanceof Error) && a.status === 200 && a.reusedSocket), 15_000, 'a 200 on a reused socket');
  // Only answers from here on: while the process was starting, /readyz may well have said 503 (queue not yet up).
  const before = answers.length;
  p.child.kill('SIGTERM');
  const sinceStop = () => answers.slice(before);
  const isStopping = (a: Answer | Error): a is Answer => !(a instanceof Error) && a.status === 503 && a.body.includes('"stopping"');
  await waitFor(() => sinceStop().some(isStopping), 15_000, 'a 503 from /readyz saying it is stopping');
  const stopped = sinceStop().find(isStopping)!;
  expect(stopped.connection).toBe('close');
  expect(stopped.reusedSocket).toBe(true);
  expect(JSON.parse(stopped.body)).toEqual({ stopping: true });
  expect(await p.exited).toBe(0);
  polling = false;
  await poller;
  agent.destroy();
  expect(p.output.join('')).toMatch(/"level":40,[^\n]*"reason":"SIGTERM"[^\n]*"msg":"exiting"/);
}, 120_000);

it('when SIGTERM arrives while a letter is being posted, then the letter gets its 201, its row exists, and the process exits 0', async () => {
  const p = await startApp();
  const post = slowLetterPost();
  await untilReading(post);
  p.child.kill('SIGTERM');
  await waitFor(stopBegun(p), 15_000, 'the stop begun');
  post.finish();
  const answer = await post.answer;
  expect(answer.status).toBe(201);
  const { rowCount } = await db.pool.query('SELECT 1 FROM submissions WHERE reference = $1', [answer.body.reference]);
  expect(rowCount).toBe(1);
  expect(await p.exited).toBe(0);
}, 120_000);

it('when a second SIGTERM and a SIGINT arrive during the stop, then the stop goes on, says so, and the process exits 0 with its last line', async () => {
  const p = await startApp();
  const post = slowLetterPost();
  await untilReading(post);
  p.child.kill('SIGTERM');
  await waitFor(stopBegun(p), 15_000, 'the stop begun');
  p.child.kill('SIGTERM');
  p.child.kill('SIGINT');
  post.finish();
  expect((await post.answer).status).toBe(201);
  await waitFor(() => (p.output.join('').match(/"msg":"a stop is already under way"/g) ?? []).length === 2, 15_000, 'both signals noted');
  expect(await p.exited).toBe(0);
  expect(p.output.join('')).toMatch(/"reason":"SIGTERM","exitCode":0,"msg":"exiting"/);
}, 120_000);

it('when a keep-alive connection has been idle for 6 s, then it is still open (the keep-alive timeout is the configured one, not Node\'s 5 s)', async () => {
  const p = await startApp({ HTTP_KEEP_ALIVE_SECONDS: '65' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let socket: Socket | undefined;
  agent.on('free', (s: Socket) => (socket ??= s));
  const first = await get(agent, '/healthz');
  expect(first.status).toBe(200);
  expect(first.connection).toBe('keep-alive');
  let closedAt: number | undefined;
  socket!.once('close', () => (closedAt = Date.now()));
  await sleep(6_000);
  expect(closedAt).toBeUndefined();
  const second = await get(agent, '/healthz');
  expect(second.status).toBe(200);
  expect(second.reusedSocket).toBe(true);
  agent.destroy();
  p.child.kill('SIGTERM');
  expect(await p.exited).toBe(0);
}, 120_000);
