import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustProxy } from '../../src/config.js';
import { createTestApi, type TestApi } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const LIMIT = 2;
let db: TestDatabase;
const apis: TestApi[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const api of apis) await api.close();
  for (const prefix of prefixes) await deleteKeys(REDIS_URL, prefix);
  await db.drop();
});

/** The app behind a proxy, with its own rate-limit counters. */
async function appBehindProxy(trustProxy: TrustProxy) {
  const prefix = uniquePrefix('trust-proxy');
  prefixes.push(prefix);
  const api = createTestApi(db.pool, REDIS_URL, prefix, { rateLimitPerHour: LIMIT, trustProxy });
  apis.push(api);
  // Until the limiter's Redis is ready it lets letters through (passOnStoreError).
  await waitFor(async () => api.redis.status === 'ready');
  return api.app;
}

let rotation = 0;
/** What a client rotating its own X-Forwarded-For sends through one proxy: the proxy appends the address it saw. */
const forwardedFor = (client: string) => {
  rotation += 1;
  return `203.0.113.${rotation % 250}, ${client}`;
};

describe.each<[string, TrustProxy]>([
  ['TRUST_PROXY=1 (one hop)', 1],
  ["TRUST_PROXY=127.0.0.1 (the proxy's address)", ['127.0.0.1']],
  ['TRUST_PROXY=loopback', ['loopback']],
])('behind one proxy on the same host, with %s', (_what, trustProxy) => {
  it('when a client rotates the left-most X-Forwarded-For, then it is still counted as one address and rate-limited', async () => {
    const app = await appBehindProxy(trustProxy);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i += 1) {
      const res = await request(app)
        .post('/api/v1/submissions')
        .set('X-Forwarded-For', forwardedFor('198.51.100.7'))
        .send(exampleLetter());
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
  });

  it('when two clients come through the proxy, then each has its own limit (the right-most address counts)', async () => {
    const app = await appBehindProxy(trustProxy);
    for (let i = 0; i < LIMIT; i += 1) {
      expect((await request(app).post('/api/v1/submissions').set('X-Forwarded-For', forwardedFor('198.51.100.8')).send(exampleLetter())).status).toBe(201);
    }
    const first = await request(app).post('/api/v1/submissions').set('X-Forwarded-For', forwardedFor('198.51.100.8')).send(exampleLetter());
    const other = await request(app).post('/api/v1/submissions').set('X-Forwarded-For', forwardedFor('198.51.100.9')).send(exampleLetter());
    expect(first.status).toBe(429);
    expect(other.status).toBe(201);
  });
});

describe("express's `true` (why TRUST_PROXY=true is refused at start)", () => {
  it('when a client rotates the left-most X-Forwarded-For, then every request looks like a new client and the limit never bites', async () => {
    const app = await appBehindProxy(true as unknown as TrustProxy);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i += 1) {
      const res = await request(app).post('/api/v1/submissions').set('X-Forwarded-For', forwardedFor('198.51.100.10')).send(exampleLetter());
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201]);
  });
});
