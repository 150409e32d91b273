import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { LOOPBACK_ALLOW, parseAllowList } from '../../src/ops/allow-list.js';
import { createMetricsApp } from '../../src/metrics-app.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { capturingLogger } from '../helpers/logger.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** The default allow-list (loopback) plus one scraper's address, as a same-host proxy setup would have it. */
const ALLOW = parseAllowList(`${LOOPBACK_ALLOW},192.0.2.50`);

const apps: Array<[string, () => Express]> = [
  [
    'the API process',
    () =>
      createApp({
        pool: db.pool,
        logger: capturingLogger().logger,
        queueReady: async () => true,
        rateLimitPerHour: 0,
        trustProxy: 1,
        ...APP_DEFAULTS,
        metricsAllow: ALLOW,
      }),
  ],
  ['a worker-only process', () => createMetricsApp(createMetrics(), ALLOW, capturingLogger().logger)],
];

describe.each(apps)('/metrics of %s behind a proxy on the same host (the socket is loopback)', (_what, makeApp) => {
  it.each<[string, Record<string, string>]>([
    ['X-Forwarded-For of an outside client', { 'X-Forwarded-For': '203.0.113.9' }],
    ['an outside client left of an allowed one', { 'X-Forwarded-For': '203.0.113.9, 192.0.2.50' }],
    ['an allowed client left of an outside one', { 'X-Forwarded-For': '192.0.2.50, 203.0.113.9' }],
    ['Forwarded for an outside client', { Forwarded: 'for=203.0.113.9;proto=https' }],
    ['X-Real-IP of an outside client', { 'X-Real-IP': '203.0.113.9' }],
    ['an allowed X-Forwarded-For but an outside X-Real-IP', { 'X-Forwarded-For': '192.0.2.50', 'X-Real-IP': '203.0.113.9' }],
    ['Forwarded for an obfuscated node', { Forwarded: 'for=_hidden' }],
    ['an empty X-Forwarded-For', { 'X-Forwarded-For': '' }],
  ])('when the request carries %s, then it is the same 404 as an unknown path', async (_case, headers) => {
    const app = makeApp();
    const metrics = await request(app).get('/metrics').set(headers);
    const unknown = await request(app).get('/no-such-path');
    expect(metrics.status).toBe(404);
    expect(metrics.body).toEqual(unknown.body);
    expect(metrics.text).not.toContain('process_cpu_user_seconds_total');
  });

  it.each<[string, Record<string, string>]>([
    ['no forwarding header (a scraper on the host itself)', {}],
    ['X-Forwarded-For of an allowed scraper', { 'X-Forwarded-For': '192.0.2.50' }],
    ['Forwarded for an allowed scraper with a port', { Forwarded: 'for="192.0.2.50:9090"' }],
    ['X-Real-IP of loopback', { 'X-Real-IP': '127.0.0.1' }],
  ])('when the request carries %s, then it gets the metrics', async (_case, headers) => {
    const res = await request(makeApp()).get('/metrics').set(headers);
    expect(res.status).toBe(200);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });
});
