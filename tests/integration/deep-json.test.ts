import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { withTestApi, type TestApi } from '../helpers/api.js';
import type { TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';

let db: TestDatabase;
let api: TestApi;

withTestApi('deep-json', (d, a) => {
  db = d;
  api = a;
});

const LEVELS = 20_000;
/** 20,000 nested arrays: 40 KB, under the 64 KiB body limit. */
const deepArray = '['.repeat(LEVELS) + ']'.repeat(LEVELS);

/** A letter as JSON text with one field's value replaced by raw JSON. */
function letterWith(field: string, rawValue: string): string {
  const marker = '"__raw__"';
  return JSON.stringify(exampleLetter({ [field]: '__raw__' })).replace(marker, rawValue);
}

const countLetters = async () => Number((await db.pool.query('SELECT count(*) FROM submissions')).rows[0].count);

function postRaw(body: string, idempotencyKey?: string) {
  const req = request(api.app).post('/api/v1/submissions').set('Content-Type', 'application/json');
  if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
  return req.send(body);
}

function expectContractError(res: request.Response) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.body).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));
}

describe('deeply nested JSON in POST /api/v1/submissions', () => {
  it('when the honeypot holds 20,000 nested arrays and an Idempotency-Key is given, then it answers 4xx and stores nothing', async () => {
    const before = await countLetters();
    const res = await postRaw(letterWith('website', deepArray), 'deep-honeypot-key-1');
    expectContractError(res);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation_failed');
    expect(await countLetters()).toBe(before);
  });

  it('when the honeypot holds 20,000 nested arrays without an Idempotency-Key, then it answers 4xx and stores nothing', async () => {
    const before = await countLetters();
    const res = await postRaw(letterWith('website', deepArray));
    expectContractError(res);
    expect(await countLetters()).toBe(before);
  });

  it.each(['name', 'message', 'email', 'consent', 'language'])(
    'when %s holds 20,000 nested arrays, then it answers 4xx in the contract shape and stores nothing',
    async (field) => {
      const before = await countLetters();
      const res = await postRaw(letterWith(field, deepArray), `deep-${field}-key-1`);
      expectContractError(res);
      expect(await countLetters()).toBe(before);
    },
  );

  it('when an unknown field holds 20,000 nested arrays, then it answers 4xx and stores nothing', async () => {
    const before = await countLetters();
    const res = await postRaw(letterWith('extra', deepArray), 'deep-extra-key-1');
    expectContractError(res);
    expect(await countLetters()).toBe(before);
  });

  it('when the honeypot holds a shallow object with an Idempotency-Key, then the field website is refused (422)', async () => {
    const before = await countLetters();
    const res = await postRaw(JSON.stringify(exampleLetter({ website: { url: 'http://spam.example' } })), 'shallow-honeypot-1');
    expect(res.status).toBe(422);
    expect(res.body.issues).toEqual([{ path: 'website', message: expect.any(String) }]);
    expect(await countLetters()).toBe(before);
  });

  it('when the whole body is 20,000 nested arrays, then it answers 4xx', async () => {
    expectContractError(await postRaw(deepArray, 'deep-body-key-1'));
  });

  it('when the honeypot holds a short string and an Idempotency-Key, then the letter is still accepted as spam', async () => {
    const body = JSON.stringify(exampleLetter({ website: 'http://spam.example' }));
    const res = await postRaw(body, 'deep-spam-key-1');
    expect(res.status).toBe(201);
    const { rows } = await db.pool.query('SELECT is_spam FROM submissions WHERE reference = $1', [res.body.reference]);
    expect(rows[0].is_spam).toBe(true);
    expect((await postRaw(body, 'deep-spam-key-1')).status).toBe(200);
  });
});

describe('deeply nested form fields in POST /', () => {
  it('when a form field name nests 20,000 brackets, then the form answers without a 5xx and stores nothing', async () => {
    const before = await countLetters();
    const res = await request(api.app)
      .post('/')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`website${'[a]'.repeat(LEVELS / 2)}=x&name=Petar`);
    expect(res.status).toBeLessThan(500);
    expect(await countLetters()).toBe(before);
  });
});
