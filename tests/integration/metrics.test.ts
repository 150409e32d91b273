import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseAllowList } from '../../src/ops/allow-list.js';
import { createMetricsApp } from '../../src/metrics-app.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { formatReference } from '../../src/submissions/reference.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { createTestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { capturingLogger } from '../helpers/logger.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';
import { spawnWorker } from '../helpers/worker-process.js';

let p: Pipeline;
const prefix = uniquePrefix('metrics');
/** Everything personal or secret the letters below carry: none of it may appear in /metrics. */
const secrets: string[] = [];

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, 'clerk.metrics@president.example', 'clerk');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

/** The value of one series (summed over the labels not given); undefined when no line matches. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const set = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => set[k] === v)) total = (total ?? 0) + Number(m[3]);
  }
  return total;
}

const scrape = async () => {
  const res = await request(p.app).get('/metrics');
  expect(res.status).toBe(200);
  return res.text;
};

const outboxOf = async (reference: string) =>
  (
    await p.db.pool.query<{ kind: string; status: string }>(
      'SELECT o.kind, o.status FROM outbox o JOIN submissions s ON s.id = o.submission_id WHERE s.reference = $1',
      [reference],
    )
  ).rows;

describe('GET /metrics', () => {
  it('when letters have gone through the pipeline, then loopback gets every series, labelled by route pattern and never by what a citizen sent', async () => {
    const web: { reference: string; trackingToken: string }[] = [];
    for (const [i, category] of (['question', 'question', 'pardon'] as const).entries()) {
      const email = `metrics-${i}@example.rs`;
      const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter({ email, category }));
      expect(res.status).toBe(201);
      web.push(res.body);
      secrets.push(email, res.body.reference, res.body.trackingToken);
    }
    const clerk = await loggedIn(p.app, 'clerk.metrics@president.example');
    const postal = await clerk.post('/api/v1/staff/postal').send({
      name: 'Драгослав',
      surname: 'Метрић',
      municipality: 'Ниш',
      address: 'Обреновићева 12, 18000 Ниш',
      category: 'complaint',
      message: 'Писмо примљено поштом, за бројање.',
      receivedAt: '2025-01-15',
    });
    expect(postal.status).toBe(201);
    secrets.push(postal.body.reference, 'Драгослав', 'Метрић', 'Petrović', 'Gradsko šetalište', '+381641234567');

    const first = web[0]!;
    const tracked = await request(p.app).get(`/api/v1/submissions/${first.reference}`).query({ token: first.trackingToken });
    expect(tracked.status).toBe(200);
    expect((await request(p.app).post('/api/v1/submissions').send({ name: 'x' })).status).toBe(422);
    expect((await request(p.app).get(`/api/v1/nothing-here/${first.reference}`)).status).toBe(404);

    for (const { reference } of web) {
      await waitFor(async () => {
        const messages = await outboxOf(reference);
        return messages.length === 2 && messages.every((m) => m.status === 'sent');
      }, WAIT_MS, `mail of ${reference}`);
    }
    await waitFor(async () => (await outboxOf(postal.body.reference)).some((m) => m.status === 'sent'), WAIT_MS, 'postal notification');

    const res = await request(p.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;

    expect(sample(text, 'letters_received_total', { channel: 'web', category: 'question' })).toBe(2);
    expect(sample(text, 'letters_received_total', { channel: 'web', category: 'pardon' })).toBe(1);
    expect(sample(text, 'letters_received_total', { channel: 'postal', category: 'complaint' })).toBe(1);

    const http = 'http_request_duration_seconds_count';
    expect(sample(text, http, { method: 'POST', route: '/api/v1/submissions', status_code: '201' })).toBe(3);
    // The error left the router before the answer: the pattern is still the route's.
    expect(sample(text, http, { method: 'POST', route: '/api/v1/submissions', status_code: '422' })).toBe(1);
    expect(sample(text, http, { method: 'GET', route: '/api/v1/submissions/:reference', status_code: '200' })).toBe(1);
    expect(sample(text, http, { method: 'POST', route: '/api/v1/staff/postal', status_code: '201' })).toBe(1);
    expect(sample(text, http, { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);

    expect(sample(text, 'mail_sent_total', { kind: 'acknowledgement' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'mail_sent_total', { kind: 'office_notification' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'receipt_to_acknowledgement_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'receipt_to_acknowledgement_seconds_sum')).toBeLessThan(3 * 60);
    expect(sample(text, 'letters_by_status', { status: 'routed' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'letters_by_status', { status: 'closed' })).toBe(0);
    for (const queue of ['route', 'mail', 'reconcile']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(text, 'queue_jobs', { queue, state }), `${queue} ${state}`).toBeGreaterThanOrEqual(0);
      }
    }
    expect(sample(text, 'job_duration_seconds_count', { queue: 'route' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'job_duration_seconds_count', { queue: 'mail' })).toBeGreaterThanOrEqual(7);
    expect(sample(text, 'job_failures_total', { queue: 'route' }) ?? 0).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeDefined();

    for (const secret of secrets) expect(text).not.toContain(secret);
    // Label values only from closed sets: no reference-like, email-like or token-like value anywhere.
    expect(text).not.toMatch(/PR-\d{4}-\d{6}-\d|@|token/i);
  });

  it('when the client is not on the allow-list, then /metrics is the same 404 as any unknown path, whatever X-Forwarded-For says', async () => {
    const app = createApp({
      pool: p.db.pool,
      logger: capturingLogger().logger,
      queueReady: async () => true,
      rateLimitPerHour: 0,
      trustProxy: 1,
      ...APP_DEFAULTS,
      metrics: p.metrics,
      metricsAllow: parseAllowList('10.0.0.0/8'),
    });
    const metrics = await request(app).get('/metrics').set('X-Forwarded-For', '10.1.2.3');
    const unknown = await request(app).get('/no-such-path');
    expect(metrics.status).toBe(404);
    expect(metrics.body).toEqual(unknown.body);
    expect(metrics.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(metrics.text).not.toContain('letters_received_total');

    const allowed = createMetricsApp(createMetrics(), parseAllowList('127.0.0.0/8,::1,::ffff:127.0.0.0/104'), capturingLogger().logger);
    expect((await request(allowed).get('/metrics')).status).toBe(200);
    const denied = createMetricsApp(createMetrics(), parseAllowList('10.0.0.0/8'), capturingLogger().logger);
    expect((await request(denied).get('/metrics')).status).toBe(404);
  });

  it('when the reconciler queues a forgotten letter again, then reconciler_requeued_total counts it', async () => {
    const before = sample(await scrape(), 'reconciler_requeued_total', { what: 'letters' }) ?? 0;
    const reference = formatReference(2026, 900_101);
    secrets.push(reference);
    // A letter whose job never reached the queue (as when Redis was down at intake).
    await p.db.pool.query(
      `INSERT INTO submissions (reference, channel, name, surname, municipality_code, address, category, message,
         language, tracking_token_hash, received_at, updated_at)
       VALUES ($1, 'postal', 'Zaboravljena', 'Pošiljka', 'nis', 'Obrenovićeva 3, Niš', 'question',
         'Pismo bez posla u redu.', 'sr-Latn', '\\x00', now() - interval '10 seconds', now())`,
      [reference],
    );
    await waitFor(async () => (sample(await scrape(), 'reconciler_requeued_total', { what: 'letters' }) ?? 0) > before, WAIT_MS, 'a re-queue');
    await waitFor(async () => (await outboxOf(reference)).some((m) => m.status === 'sent'), WAIT_MS, 'the letter routed');
    expect(await scrape()).not.toContain(reference);
  });

  it('when the mail server refuses a recipient with 550, then mail_failed_total counts the acknowledgement once', async () => {
    const before = sample(await scrape(), 'mail_failed_total', { kind: 'acknowledgement' }) ?? 0;
    p.smtp.rejectRecipients.add('refused-metrics@example.rs');
    const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter({ email: 'refused-metrics@example.rs' }));
    expect(res.status).toBe(201);
    await waitFor(async () => (await outboxOf(res.body.reference)).some((m) => m.status === 'failed'), WAIT_MS, 'a failed message');
    await mailSettled(p, [res.body.reference]);
    const text = await scrape();
    expect(sample(text, 'mail_failed_total', { kind: 'acknowledgement' })).toBe(before + 1);
    expect(sample(text, 'mail_failed_total', { kind: 'office_notification' })).toBe(0);
    expect(sample(text, 'mail_retries_total', { kind: 'acknowledgement' })).toBe(0);
    expect(sample(text, 'job_failures_total', { queue: 'mail' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('refused-metrics');
  });
});

describe('a worker-only process', () => {
  it('when started with `npm run start:worker`, then it serves its own /metrics on METRICS_PORT and nothing else', async () => {
    const db = await createTestDatabase(); // its own, so its reconciler does not take the pipeline's letters
    const worker = await spawnWorker({
      DATABASE_URL: db.url,
      SMTP_URL: p.smtp.url,
      RECONCILE_INTERVAL_SECONDS: '1',
      SHUTDOWN_DEADLINE_SECONDS: '5',
    });
    try {
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"[^\n]*"msg":"metrics listening"/.exec(worker.output.join(''))?.[1];
      expect(url).toBeDefined();
      let text = '';
      await waitFor(async () => {
        const res = await fetch(url!);
        expect(res.status).toBe(200);
        text = await res.text();
        return (sample(text, 'job_duration_seconds_count', { queue: 'reconcile' }) ?? 0) > 0;
      }, WAIT_MS, 'a timed reconcile job');
      expect(sample(text, 'queue_jobs', { queue: 'mail', state: 'waiting' })).toBe(0);
      expect(sample(text, 'letters_by_status', { status: 'received' })).toBe(0);
      expect(sample(text, 'mail_sent_total', { kind: 'acknowledgement' })).toBe(0);
      expect(text).not.toContain('http_request_duration_seconds_count');
      expect((await fetch(url!.replace(/\/metrics$/, '/healthz'))).status).toBe(404);
    } finally {
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      await db.drop();
    }
  });
});
