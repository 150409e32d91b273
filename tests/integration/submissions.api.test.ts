import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidReference } from '../../src/submissions/reference.js';
import { createTestApi, redisUp, type TestApi } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

let db: TestDatabase;
let api: TestApi;
const prefix = uniquePrefix('intake');

beforeAll(async () => {
  db = await createTestDatabase();
  api = createTestApi(db.pool, REDIS_URL, prefix);
  // Else, on a busy machine, the first letter may come before the queue's connection is up.
  await waitFor(() => redisUp(api), WAIT_MS, 'the API connected to Redis');
});

afterAll(async () => {
  await api.close();
  await deleteKeys(REDIS_URL, prefix);
  await db.drop();
});

const countLetters = async () => Number((await db.pool.query('SELECT count(*) FROM submissions')).rows[0].count);
const post = (body: unknown) => request(api.app).post('/api/v1/submissions').send(body as object);

describe('POST /api/v1/submissions', () => {
  it('when the letter is valid, then it answers 201 with a reference, stores the row and queues a route job', async () => {
    const res = await post(exampleLetter());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['receivedAt', 'reference', 'status', 'trackingToken']);
    expect(res.body.status).toBe('received');
    expect(isValidReference(res.body.reference)).toBe(true);
    expect(res.body.reference).toMatch(new RegExp(`^PR-${new Date().getUTCFullYear()}-\\d{6}-\\d$`));
    expect(res.body.trackingToken.length).toBeGreaterThanOrEqual(22);

    const { rows } = await db.pool.query('SELECT * FROM submissions WHERE reference = $1', [res.body.reference]);
    const row = rows[0];
    expect(row).toMatchObject({
      channel: 'web',
      status: 'received',
      name: 'Petar',
      surname: 'Petrović',
      municipality_code: expect.any(String),
      country: null,
      phone: '+381641234567',
      email: 'petar@example.rs',
      language: 'sr-Latn',
      is_spam: false,
    });
    expect(row.tracking_token_hash.toString('hex')).not.toContain(Buffer.from(res.body.trackingToken).toString('hex'));

    const job = await api.routeQueue.getJob(`sub-${row.id}`);
    expect(job?.data).toEqual({ submissionId: Number(row.id) });
  });

  it('when two letters arrive, then their sequence numbers increase', async () => {
    const a = await post(exampleLetter());
    const b = await post(exampleLetter());
    const seq = (ref: string) => Number(ref.split('-')[2]);
    expect(seq(b.body.reference)).toBeGreaterThan(seq(a.body.reference));
  });

  it('when the citizen lives abroad, then the country is stored instead of a municipality', async () => {
    const res = await post(exampleLetter({ municipality: 'abroad', country: 'de', address: 'Hauptstraße 5, 10115 Berlin' }));
    expect(res.status).toBe(201);
    const { rows } = await db.pool.query('SELECT municipality_code, country FROM submissions WHERE reference = $1', [
      res.body.reference,
    ]);
    expect(rows[0]).toEqual({ municipality_code: null, country: 'DE' });
  });

  it('when the honeypot is filled, then it answers 201 like any letter and marks the row spam', async () => {
    const res = await post(exampleLetter({ website: 'http://spam.example' }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('received');
    const { rows } = await db.pool.query('SELECT is_spam FROM submissions WHERE reference = $1', [res.body.reference]);
    expect(rows[0].is_spam).toBe(true);
  });

  it('when the body is not JSON, then 400 malformed_json and nothing is stored', async () => {
    const before = await countLetters();
    const res = await request(api.app)
      .post('/api/v1/submissions')
      .set('Content-Type', 'application/json')
      .send('{"name": "Petar",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'malformed_json', message: expect.any(String) });
    expect(await countLetters()).toBe(before);
  });

  it('when the body is over 64 KiB, then 413 payload_too_large', async () => {
    const res = await post(exampleLetter({ message: 'a'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it.each([
    ['text/plain', 'name=Petar'],
    ['application/x-www-form-urlencoded', 'name=Petar&surname=Petrovic'],
  ])('when the content type is %s, then 415 unsupported_media_type', async (type, body) => {
    const res = await request(api.app).post('/api/v1/submissions').set('Content-Type', type).send(body);
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('unsupported_media_type');
  });

  it('when fields break the rules, then 422 lists each field and nothing is stored', async () => {
    const before = await countLetters();
    const res = await post(
      exampleLetter({ name: 'Petar\r\nBcc: victim@example.com', email: 'not-an-email', phone: undefined, message: 'short' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation_failed');
    const paths = res.body.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['email', 'message', 'name']);
    expect(await countLetters()).toBe(before);
  });

  it('when someone tries to set status or office, then 422 names those fields', async () => {
    const res = await post(exampleLetter({ status: 'closed', office: 'legal' }));
    expect(res.status).toBe(422);
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['office', 'status']);
  });

  it('when the municipality is unknown, then 422 with up to three suggestions', async () => {
    const res = await post(exampleLetter({ municipality: 'Cacakk' }));
    expect(res.status).toBe(422);
    const issue = res.body.issues.find((i: { path: string }) => i.path === 'municipality');
    expect(issue.suggestions[0]).toBe('Čačak');
    expect(issue.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('when the letter says its language, then the messages are in it; otherwise Accept-Language, else Cyrillic', async () => {
    const bad = { message: 'short' };
    const en = await post(exampleLetter({ ...bad, language: 'en' }));
    const latn = await post(exampleLetter({ ...bad, language: 'sr-Latn' }));
    const cyrl = await post(exampleLetter({ ...bad, language: undefined }));
    const byHeader = await request(api.app)
      .post('/api/v1/submissions')
      .set('Accept-Language', 'en-GB,en;q=0.8')
      .send(exampleLetter({ ...bad, language: undefined }));
    expect(en.body.issues[0].message).toBe('At least 10 characters.');
    expect(latn.body.issues[0].message).toBe('Najmanje 10 znakova.');
    expect(cyrl.body.issues[0].message).toBe('Најмање 10 знакова.');
    expect(byHeader.body.issues[0].message).toBe('At least 10 characters.');
  });

  it('when the letter gives no language, then the stored language comes from Accept-Language', async () => {
    const res = await request(api.app)
      .post('/api/v1/submissions')
      .set('Accept-Language', 'en')
      .send(exampleLetter({ language: undefined }));
    const { rows } = await db.pool.query('SELECT language FROM submissions WHERE reference = $1', [res.body.reference]);
    expect(rows[0].language).toBe('en');
  });

  it('when an answer is an error, then it carries no stack trace or SQL', async () => {
    const res = await request(api.app)
      .post('/api/v1/submissions')
      .set('Content-Type', 'application/json')
      .send('{"__proto__": {"polluted": true}, "name": ');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js)|SELECT|INSERT|node_modules/);
  });
});

describe('Idempotency-Key', () => {
  it('when the same key and body come again, then 200 with the first answer and no second row', async () => {
    const key = 'retry-0001-abcdef';
    const body = exampleLetter();
    const first = await post(body).set('Idempotency-Key', key);
    const before = await countLetters();
    const again = await post(body).set('Idempotency-Key', key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await countLetters()).toBe(before);
  });

  it('when the same key comes with another body, then 409', async () => {
    const key = 'retry-0002-abcdef';
    const body = exampleLetter();
    await post(body).set('Idempotency-Key', key);
    const res = await post({ ...body, subject: 'Nešto drugo' }).set('Idempotency-Key', key);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('idempotency_conflict');
  });

  it('when 20 identical requests race, then one row, one 201 and nineteen replays of it', async () => {
    const key = 'concurrent-retry-0003';
    const before = await countLetters();
    const body = exampleLetter();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(body).set('Idempotency-Key', key)));
    expect(answers.map((a) => a.status).sort((x, y) => x - y)).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await countLetters()).toBe(before + 1);
  });

  it('when the key is malformed, then 400 and nothing is stored', async () => {
    const before = await countLetters();
    const res = await post(exampleLetter()).set('Idempotency-Key', 'short');
    expect(res.status).toBe(400);
    expect(await countLetters()).toBe(before);
  });

  it('when the key is stored, then neither the key nor the token is readable in the table', async () => {
    const key = 'secret-key-0004-xyz';
    const res = await post(exampleLetter()).set('Idempotency-Key', key);
    const { rows } = await db.pool.query('SELECT key_hash, response_sealed FROM idempotency_keys');
    const dump = rows.map((r) => Buffer.concat([r.key_hash, r.response_sealed]).toString('latin1')).join('');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(res.body.trackingToken);
  });
});

describe('GET /api/v1/submissions/{reference}', () => {
  it('when the token is right, then 200 with the status and no personal data', async () => {
    const created = await post(exampleLetter());
    const res = await request(api.app)
      .get(`/api/v1/submissions/${created.body.reference}`)
      .query({ token: created.body.trackingToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      reference: created.body.reference,
      status: 'received',
      receivedAt: created.body.receivedAt,
      updatedAt: expect.any(String),
      office: null,
    });
  });

  it('when the token is wrong, the reference unknown or mistyped, then the same 404', async () => {
    const created = await post(exampleLetter());
    const ref: string = created.body.reference;
    const digits = ref.replace(/\D/g, '');
    const unknown = `PR-2099-999999-${ref.slice(-1)}`;
    const mistyped = ref.replace(/\d(?=-\d$)/, (d) => String((Number(d) + 1) % 10));
    const answers = await Promise.all([
      request(api.app).get(`/api/v1/submissions/${ref}`).query({ token: 'wrong' }),
      request(api.app).get(`/api/v1/submissions/${ref}`),
      request(api.app).get(`/api/v1/submissions/${unknown}`).query({ token: created.body.trackingToken }),
      request(api.app).get(`/api/v1/submissions/${mistyped}`).query({ token: created.body.trackingToken }),
    ]);
    expect(digits.length).toBe(11);
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(answers[0]?.body);
    }
  });
});

describe('reference data and operations', () => {
  it('lists municipalities and categories', async () => {
    const m = await request(api.app).get('/api/v1/municipalities');
    const c = await request(api.app).get('/api/v1/categories');
    expect(m.status).toBe(200);
    expect(m.body.length).toBeGreaterThan(150);
    expect(m.body[0]).toEqual({ code: expect.any(String), nameCyrl: expect.any(String), nameLatn: expect.any(String) });
    expect(c.body.map((x: { code: string }) => x.code)).toContain('question');
    expect(c.body[0].name).toEqual({ 'sr-Cyrl': expect.any(String), 'sr-Latn': expect.any(String), en: expect.any(String) });
  });

  it('answers /healthz and /readyz, sets security headers and a request id', async () => {
    const health = await request(api.app).get('/healthz').set('X-Request-Id', 'req-123');
    const ready = await request(api.app).get('/readyz');
    expect(health.status).toBe(200);
    expect(health.headers['x-request-id']).toBe('req-123');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toBeDefined();
    expect(ready.status).toBe(200);
  });

  it('when the route is unknown, then a JSON 404', async () => {
    const res = await request(api.app).get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });

  it('when the path is badly encoded, then 400, not 500', async () => {
    const res = await request(api.app).get('/api/v1/submissions/%E0%A4%A');
    expect(res.status).toBeLessThan(500);
  });

  it('never logs the letter\'s personal data or the tracking token', async () => {
    const created = await post(exampleLetter({ surname: 'Jedinstvenović', email: 'unique-citizen@example.rs' }));
    await request(api.app).get(`/api/v1/submissions/${created.body.reference}`).query({ token: created.body.trackingToken });
    const log = api.logLines.join('\n');
    expect(log).toContain(created.body.reference);
    for (const secret of ['Jedinstvenović', 'unique-citizen@example.rs', '+381641234567', created.body.trackingToken]) {
      expect(log).not.toContain(secret);
    }
  });
});
