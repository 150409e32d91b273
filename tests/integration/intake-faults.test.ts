import { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool.js';
import { migrate } from '../../src/db/migrate.js';
import { QUEUE_NAMES } from '../../src/queue/jobs.js';
import { ADD_TIMEOUT_MS } from '../../src/queue/producers.js';
import { createTestApi, redisDown, redisUp, type TestApi } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { createTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

let db: TestDatabase;
const prefix = uniquePrefix('faults');
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await deleteKeys(REDIS_URL, prefix);
  await db.drop();
});

async function apiVia(proxyOf: 'redis' | 'postgres', overrides = {}): Promise<{ api: TestApi; proxy: TcpProxy }> {
  const target = new URL(proxyOf === 'redis' ? REDIS_URL : db.url);
  const proxy = await createTcpProxy(target.hostname, Number(target.port));
  const pool = proxyOf === 'postgres' ? createPool(proxy.url(db.url), 5) : db.pool;
  const redisUrl = proxyOf === 'redis' ? proxy.url(REDIS_URL) : REDIS_URL;
  const api = createTestApi(pool, redisUrl, prefix, overrides);
  cleanups.push(() => proxy.close(), () => api.close());
  if (pool !== db.pool) cleanups.push(() => pool.end());
  return { api, proxy };
}

/** The letter's route job as the queue holds it, read past the proxy. */
const routeJobOf = async (reference: string) => {
  const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM submissions WHERE reference = $1', [reference]);
  const queue = new Queue(QUEUE_NAMES.route, { connection: { url: REDIS_URL }, prefix });
  try {
    return await queue.getJob(`sub-${rows[0]!.id}`);
  } finally {
    await queue.close();
  }
};

describe('when Redis is down', () => {
  it('then letters are still stored with 201, left unqueued, and queued again once Redis is back', async () => {
    const { api, proxy } = await apiVia('redis');
    await waitFor(() => redisUp(api), WAIT_MS, 'both Redis connections up');
    await proxy.stop();
    await waitFor(() => redisDown(api), WAIT_MS, 'both Redis connections down');

    const started = Date.now();
    const res = await request(api.app).post('/api/v1/submissions').send(exampleLetter());
    expect(res.status).toBe(201);
    // Had it tried the queue, the producer would have waited ADD_TIMEOUT_MS at least; a tighter
    // bound than that only measures how busy the machine is.
    expect(Date.now() - started).toBeLessThan(ADD_TIMEOUT_MS);
    expect(await routeJobOf(res.body.reference)).toBeUndefined();
    expect((await request(api.app).get('/readyz')).status).toBe(503);

    await proxy.start();
    await waitFor(() => redisUp(api), WAIT_MS, 'both Redis connections back');
    const after = await request(api.app).post('/api/v1/submissions').send(exampleLetter());
    expect(after.status).toBe(201);
    expect((await routeJobOf(after.body.reference))?.data).toEqual({ submissionId: expect.any(Number) });
  });

  it('then a Redis that never answered from the start does not hold up a letter either', async () => {
    const { api, proxy } = await apiVia('redis');
    await proxy.stop();
    const res = await request(api.app).post('/api/v1/submissions').send(exampleLetter());
    expect(res.status).toBe(201);
    expect(await routeJobOf(res.body.reference)).toBeUndefined();
  });

  it('then the rate limiter lets letters through instead of failing them', async () => {
    const { api, proxy } = await apiVia('redis', { rateLimitPerHour: 2 });
    await proxy.stop();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await request(api.app).post('/api/v1/submissions').send(exampleLetter())).status);
    expect(answers).toEqual([201, 201, 201, 201]);
  });
});

describe('when PostgreSQL is unreachable', () => {
  it('then 503 with Retry-After and nothing internal, /readyz is 503, and it recovers when the database is back', async () => {
    const { api, proxy } = await apiVia('postgres');
    expect((await request(api.app).post('/api/v1/submissions').send(exampleLetter())).status).toBe(201);

    await proxy.stop();
    const down = await request(api.app).post('/api/v1/submissions').send(exampleLetter());
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    expect(down.body).toEqual({ error: 'unavailable', message: expect.any(String) });
    expect((await request(api.app).get('/readyz')).status).toBe(503);
    expect((await request(api.app).get('/healthz')).status).toBe(200);

    await proxy.start();
    const back = await request(api.app).post('/api/v1/submissions').send(exampleLetter());
    expect(back.status).toBe(201);
  });
});

describe('rate limiting', () => {
  it('when a client goes over the limit, then 429 with Retry-After, counted across API processes through Redis', async () => {
    const limitPrefix = `${prefix}-rl`;
    const { api: first } = await apiVia('redis', { rateLimitPerHour: 3, keyPrefix: limitPrefix });
    const { api: second } = await apiVia('redis', { rateLimitPerHour: 3, keyPrefix: limitPrefix });
    await waitFor(async () => first.redis.status === 'ready' && second.redis.status === 'ready');
    const statuses = [];
    for (const app of [first.app, second.app, first.app]) {
      statuses.push((await request(app).post('/api/v1/submissions').send(exampleLetter())).status);
    }
    const limited = await request(second.app).post('/api/v1/submissions').send(exampleLetter());
    expect(statuses).toEqual([201, 201, 201]);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('rate limiting the citizen form', () => {
  it('when a citizen goes over the limit, then the form comes back as a page (429, Retry-After) with the letter kept', async () => {
    const { api } = await apiVia('redis', { rateLimitPerHour: 1, keyPrefix: `${prefix}-form-rl` });
    await waitFor(async () => api.redis.status === 'ready');
    const form = { ...exampleLetter({ message: 'Поштовани, молим вас за помоћ око пута до нашег села.' }), consent: 'on' };
    const first = await request(api.app).post('/?lang=sr-Cyrl').type('form').send(form);
    expect(first.status).toBe(201);
    const limited = await request(api.app).post('/?lang=sr-Cyrl').type('form').send(form);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('Превише писама са ове адресе; покушајте касније.');
    expect(limited.text).toContain('Поштовани, молим вас за помоћ око пута до нашег села.');
    expect(limited.text).toContain('id="error-summary"');
  });
});

describe('reference sequence', () => {
  it('when 30 letters race on the first day of a new year, then references 1..30 of that year, all distinct', async () => {
    const { api } = await apiVia('redis', { clock: () => new Date('2031-01-01T00:30:00+01:00') });
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => request(api.app).post('/api/v1/submissions').send(exampleLetter())),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const seqs = answers.map((a) => Number(a.body.reference.split('-')[2])).sort((a, b) => a - b);
    expect(answers.every((a) => a.body.reference.startsWith('PR-2031-'))).toBe(true);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});

describe('migrations', () => {
  it('when two processes migrate at once, then each file is applied exactly once', async () => {
    const fresh = await createTestDatabase();
    cleanups.push(() => fresh.drop());
    await fresh.pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    const other = createPool(fresh.url, 2);
    cleanups.push(() => other.end());
    const [a, b] = await Promise.all([migrate(fresh.pool), migrate(other)]);
    expect([...a, ...b].sort()).toEqual(a.length ? a : b);
    const { rows } = await fresh.pool.query('SELECT name FROM schema_migrations');
    expect(rows.length).toBe(a.length + b.length);
    expect(await migrate(fresh.pool)).toEqual([]);
  });
});
