import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exampleLetter } from '../helpers/letters.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

let p: Pipeline;

beforeAll(async () => {
  p = await startPipeline({}); // no Redis: BullMQ's PostgreSQL backend
});

afterAll(async () => {
  await p.close();
});

it('when the queues run on PostgreSQL, then a letter is routed, the office notified and the citizen acknowledged once', async () => {
  expect(p.connection.kind).toBe('postgres');
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter({ email: 'pg-backend@example.rs' }));
  expect(res.status).toBe(201);
  const reference: string = res.body.reference;
  await waitFor(() => p.smtp.received.filter((m) => m.reference === reference).length >= 2, WAIT_MS, 'two mails');
  await mailSettled(p, [reference]);
  const mails = p.smtp.received.filter((m) => m.reference === reference);
  expect(mails.map((m) => m.to[0]).sort()).toEqual(['gradjani@president.example', 'pg-backend@example.rs']);
  expect((await request(p.app).get('/readyz')).status).toBe(200);
});

it('when the queues run on PostgreSQL, then /metrics counts their jobs and the letters by status', async () => {
  const res = await request(p.app).get('/metrics');
  expect(res.status).toBe(200);
  for (const queue of ['route', 'mail', 'reconcile']) {
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(res.text).toMatch(new RegExp(`^queue_jobs\\{queue="${queue}",state="${state}"\\} \\d+$`, 'm'));
    }
  }
  expect(res.text).toMatch(/^letters_by_status\{status="routed"\} [1-9]\d*$/m);
  expect(res.text).toMatch(/^mail_sent_total\{kind="acknowledgement"\} [1-9]\d*$/m);
});
