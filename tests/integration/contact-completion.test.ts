import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processRaw, rawMail } from '../helpers/inbound.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

// A letter by email comes without a place and an address; its acknowledgement
// links to the page where its sender completes them. Real inbound worker,
// routing, mail worker, SMTP test server and PostgreSQL.

let p: Pipeline;
const prefix = uniquePrefix('contact-completion');
const SUPERVISOR = 'contact-super@president.example';
const FROM = `petar.adresa.${Date.now()}@example.rs`;
let reference = '';
let link = '';

const letterRow = async () =>
  (await p.db.pool.query(
    'SELECT id, municipality_code, country, address, phone, contact_complete, updated_at FROM submissions WHERE reference = $1',
    [reference],
  )).rows[0];
const eventsOf = async (id: string) =>
  (await p.db.pool.query(`SELECT kind, data FROM submission_events WHERE submission_id = $1 AND kind = 'contact_completed'`, [id])).rows;
const formOf = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, SUPERVISOR, 'supervisor');
  const raw = rawMail({
    From: `Petar Petrović <${FROM}>`, To: 'pisma@president.example', Subject: 'Lokalni put bez asfalta',
    Date: new Date().toUTCString(), 'Message-ID': `<contact.${Date.now()}@mail.example.rs>`, 'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': '8bit',
  }, 'Poštovani, put u našem selu već deset godina nema asfalt, molim vas za pomoć oko toga.');
  const processed = await processRaw(p, raw);
  expect(processed.state).toBe('letter');
  reference = (await p.db.pool.query('SELECT reference FROM submissions WHERE id = $1', [processed.submission_id])).rows[0].reference;
  await mailSettled(p, [reference]);
  await waitFor(async () => p.smtp.received.some((m) => m.to.includes(FROM)), WAIT_MS, 'the acknowledgement');
  const ack = p.smtp.received.find((m) => m.to.includes(FROM));
  const url = /http:\/\/localhost:3000(\/complete\?\S+)/.exec(ack?.text ?? '')?.[1];
  if (!url) throw new Error('no completion link in the acknowledgement');
  link = url;
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

describe('completing the contact of a letter by email', () => {
  it('when the acknowledgement of a letter without an address is read, then it asks for the address in the letter\'s language and links to /complete', () => {
    const ack = p.smtp.received.find((m) => m.to.includes(FROM));
    expect(ack?.text).toContain('poštanska adresa');
    expect(link).toMatch(new RegExp(`^/complete\\?ref=${reference}&token=[A-Za-z0-9_-]{32}&lang=sr-Latn$`));
    expect(ack?.text).toContain('/status?reference=');
  });

  it('when its link is followed, then the page shows the place fields in the letter\'s language, nothing personal filled in', async () => {
    const res = await request(p.app).get(link);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="sr-Latn">');
    for (const name of ['municipality', 'country', 'address', 'phone']) expect(res.text).toContain(`name="${name}"`);
    expect(res.text).not.toContain(FROM);
    expect(res.text).not.toContain('Petrović');
  });

  it('when the token is wrong or the reference unknown, then it is the tracking page\'s 404', async () => {
    const wrong = await request(p.app).get(`/complete?ref=${reference}&token=${'x'.repeat(32)}&lang=en`);
    const unknown = await request(p.app).get(`/complete?ref=PR-2026-999999-0&token=${'x'.repeat(32)}&lang=en`);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.text).toContain('not found');
    const post = await request(p.app).post('/complete?lang=en').type('form')
      .send({ ref: reference, token: 'x'.repeat(32), municipality: 'Čačak', address: 'Gradsko šetalište 1, 32000 Čačak' });
    expect(post.status).toBe(404);
    expect((await letterRow()).contact_complete).toBe(false);
  });

  it('when a post names an unknown municipality, then 422 with a suggestion in the page\'s language, the values kept, nothing changed', async () => {
    const page = (await request(p.app).get(link)).text;
    const before = await letterRow();
    const res = await request(p.app).post('/complete?lang=sr-Cyrl').type('form')
      .send({ ref: formOf(page, 'ref'), token: formOf(page, 'token'), municipality: 'Cacakk', address: 'Gradsko šetalište 1' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html lang="sr-Cyrl">');
    expect(res.text).toContain('Чачак');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('value="Cacakk"');
    expect(res.text).toContain('value="Gradsko šetalište 1"');
    expect(await letterRow()).toEqual(before);
  });

  it('when a post comes from another site, then it is refused and nothing changes', async () => {
    const page = (await request(p.app).get(link)).text;
    const res = await request(p.app).post('/complete?lang=en').type('form').set('Origin', 'https://evil.example')
      .send({ ref: formOf(page, 'ref'), token: formOf(page, 'token'), municipality: 'Čačak', address: 'Gradsko šetalište 1, 32000 Čačak' });
    expect(res.status).toBe(403);
    expect((await letterRow()).contact_complete).toBe(false);
  });

  it('when a valid post comes, then the letter has its place, address and phone, is complete for staff, and a second post changes nothing', async () => {
    const page = (await request(p.app).get(link)).text;
    const fields = { ref: formOf(page, 'ref'), token: formOf(page, 'token'), municipality: 'cacak', address: 'Gradsko šetalište 1, 32000 Čačak', phone: '064 123 4567' };
    const res = await request(p.app).post('/complete?lang=sr-Latn').type('form').send(fields);
    expect(res.status).toBe(303);
    const done = await request(p.app).get(res.headers.location as string);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Adresa je sačuvana');
    const after = await letterRow();
    expect(after).toMatchObject({ municipality_code: expect.any(String), country: null, address: fields.address, phone: '+381641234567', contact_complete: true });
    expect(await eventsOf(after.id)).toEqual([{ kind: 'contact_completed', data: { abroad: false, phone: true } }]);
    const audited = await p.db.pool.query(`SELECT details FROM audit_log WHERE action = 'letter.contact_completed' AND target_id = $1`, [reference]);
    expect(audited.rows).toEqual([{ details: { by: 'sender' } }]);

    const agent = await loggedIn(p.app, SUPERVISOR);
    const detail = await agent.get(`/api/v1/staff/submissions/${reference}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ contactComplete: true, address: fields.address });

    const again = await request(p.app).post('/complete?lang=sr-Latn').type('form').send({ ...fields, municipality: 'Beograd', address: 'Druga ulica 2, Beograd' });
    expect(again.status).toBe(303);
    expect(await letterRow()).toEqual(after);
    expect(await eventsOf(after.id)).toHaveLength(1);
    const reopened = await request(p.app).get(link.replace('lang=sr-Latn', 'lang=en'));
    expect(reopened.status).toBe(200);
    expect(reopened.text).toContain('already has a postal address');
    expect(reopened.text).not.toContain('name="address"');
  });
});
