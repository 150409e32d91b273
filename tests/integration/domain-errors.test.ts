import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/language.js';
import { escapeHtml } from '../../src/mail/escape.js';
import { translate } from '../../src/i18n/messages.js';
import { errorText } from '../../src/web/error-texts.js';
import { withTestApi, type TestApi } from '../helpers/api.js';
import type { TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { loggedIn, makeUser } from '../helpers/staff.js';

// When a domain error happens, then the API answers the contracted status and
// body and the page the translated text, in each of the three languages.

let db: TestDatabase;
let api: TestApi;

withTestApi('domain-errors', (d, a) => {
  db = d;
  api = a;
});

/** As the pages write text (src/web/html.ts). */
const escaped = escapeHtml;

let reference: string;

beforeAll(async () => {
  const created = await request(api.app).post('/api/v1/submissions').send(exampleLetter());
  expect(created.status).toBe(201);
  reference = created.body.reference;
});

describe('not_found: tracking with a wrong token', () => {
  it.each(LANGUAGES)('when the API is asked in %s, then 404 with the message in that language', async (lang) => {
    const res = await request(api.app).get(`/api/v1/submissions/${reference}`).query({ token: 'wrong' }).set('Accept-Language', lang);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: translate('not_found', lang) });
  });

  it.each(LANGUAGES)('when the tracking page is asked in %s, then 404 with the text in that language', async (lang) => {
    const res = await request(api.app).get('/status').query({ reference, token: 'wrong', lang });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain(`<html lang="${lang}"`);
    expect(res.text).toContain(escaped(errorText('not_found', lang)));
  });
});

// The reroute belongs to the letters (src/letters/); its unknown office is a
// DomainError('unknown_office', { field: 'office' }) once that conversion lands.
describe('unknown_office: rerouting to an office that does not exist', () => {
  let agent: Awaited<ReturnType<typeof loggedIn>>;

  beforeAll(async () => {
    await makeUser(db.pool, 'super@president.example', 'supervisor');
    agent = await loggedIn(api.app, 'super@president.example');
  });

  it.each(LANGUAGES)('when the API is asked in %s, then 422 validation_failed with the issue on office in that language', async (lang) => {
    const res = await agent.post(`/api/v1/staff/submissions/${reference}/route`).set('Accept-Language', lang).send({ office: 'nope' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: 'validation_failed',
      message: translate('validation_failed', lang),
      issues: [{ path: 'office', message: translate('unknown_office', lang) }],
    });
  });

  it('when the staff page reroutes there, then the letter page shows the text in sr-Latn', async () => {
    const page = await agent.get(`/staff/letters/${reference}`);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(csrf).toBeDefined();
    const res = await agent.post(`/staff/letters/${reference}/route`).type('form').send({ _csrf: csrf, office: 'nope' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(escaped(errorText('unknown_office', 'sr-Latn')));
    const { rows } = await db.pool.query('SELECT office_id FROM submissions WHERE reference = $1', [reference]);
    expect(rows[0]?.office_id ?? null).toBeNull();
  });
});
