import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { credentials, loggedIn, makeUser, PASSWORD, submitRouted } from '../helpers/staff.js';
import { waitFor } from '../helpers/wait.js';

let p: Pipeline;
const prefix = uniquePrefix('staff');

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, 'admin@president.example', 'admin');
  await makeUser(p.db.pool, 'super@president.example', 'supervisor');
  await makeUser(p.db.pool, 'officer.citizens@president.example', 'officer', 'citizens');
  await makeUser(p.db.pool, 'officer.legal@president.example', 'officer', 'legal');
  await makeUser(p.db.pool, 'clerk@president.example', 'clerk');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

describe('login and sessions', () => {
  it('when the password is right, then 204 with an HttpOnly, SameSite=Strict session cookie, and /me answers', async () => {
    const agent = request.agent(p.app);
    const res = await agent.post('/api/v1/auth/login').send(await credentials('SUPER@president.example'));
    expect(res.status).toBe(204);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/pisarnica\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await agent.get('/api/v1/me');
    expect(me.body).toMatchObject({ email: 'super@president.example', role: 'supervisor', office: null });
    expect(me.body.csrfToken).toEqual(expect.any(String));
  });

  it('when logging in again, then the session id changes', async () => {
    const agent = request.agent(p.app);
    const first = await agent.post('/api/v1/auth/login').send(await credentials('super@president.example'));
    const second = await agent.post('/api/v1/auth/login').send(await credentials('super@president.example'));
    const sid = (res: request.Response) => /pisarnica\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    expect(sid(first)).toBeDefined();
    expect(sid(second)).not.toBe(sid(first));
  });

  it('when the session has been idle for 30 minutes, then it is over; each request pushes that moment back', async () => {
    const agent = await loggedIn(p.app, 'super@president.example');
    const expiry = async () => (await p.db.pool.query(`SELECT max(expire) AS e FROM staff_sessions`)).rows[0].e as Date;
    const first = await expiry();
    expect(first.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(first.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000 + 5_000);
    await p.db.pool.query(`UPDATE staff_sessions SET expire = now() - interval '1 second'`);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
  });

  it('when logged out, then the cookie no longer works', async () => {
    const agent = await loggedIn(p.app, 'super@president.example');
    expect((await agent.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
  });

  it('when the password is wrong or the account unknown, then the same 401', async () => {
    const wrong = await request(p.app).post('/api/v1/auth/login').send({ email: 'admin@president.example', password: 'nope' });
    const unknown = await request(p.app).post('/api/v1/auth/login').send({ email: 'ghost@president.example', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('when an account is disabled, then it cannot log in and its open session stops working', async () => {
    const id = await makeUser(p.db.pool, 'leaving@president.example', 'supervisor');
    const agent = await loggedIn(p.app, 'leaving@president.example');
    await p.db.pool.query('UPDATE staff_users SET disabled = true WHERE id = $1', [id]);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
    const again = await request(p.app).post('/api/v1/auth/login').send({ email: 'leaving@president.example', password: PASSWORD });
    expect(again.status).toBe(401);
  });

  it('when an account fails 5 times in 15 minutes, then it is locked (423) even with the right password', async () => {
    await makeUser(p.db.pool, 'target@president.example', 'clerk');
    for (let i = 0; i < 5; i++) {
      const res = await request(p.app).post('/api/v1/auth/login').send({ email: 'target@president.example', password: `guess-${i}` });
      expect(res.status).toBe(401);
    }
    const locked = await request(p.app).post('/api/v1/auth/login').send({ email: 'target@president.example', password: PASSWORD });
    expect(locked.status).toBe(423);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    // Fifteen minutes later the lock is gone.
    await p.db.pool.query(`UPDATE login_failures SET failed_at = failed_at - interval '16 minutes' WHERE email = 'target@president.example'`);
    expect((await request(p.app).post('/api/v1/auth/login').send({ email: 'target@president.example', password: PASSWORD })).status).toBe(204);
  });

  it('when one client fails 20 times across accounts, then that client is locked out of every account', async () => {
    await p.db.pool.query('DELETE FROM login_failures');
    for (let i = 0; i < 20; i++) {
      await request(p.app).post('/api/v1/auth/login').send({ email: `spray-${i}@president.example`, password: 'Password1' });
    }
    const res = await request(p.app).post('/api/v1/auth/login').send({ email: 'admin@president.example', password: PASSWORD });
    expect(res.status).toBe(423);
    await p.db.pool.query('DELETE FROM login_failures');
    expect((await request(p.app).post('/api/v1/auth/login').send(await credentials('admin@president.example'))).status).toBe(204);
  });
});

describe('CSRF', () => {
  it('when an unsafe request comes from another site\'s page, then 403', async () => {
    const agent = await loggedIn(p.app, 'super@president.example');
    const reference = await submitRouted(p);
    const evil = await agent.post(`/api/v1/staff/submissions/${reference}/notes`).set('Origin', 'https://evil.example').send({ text: 'x' });
    const crossSite = await agent.post(`/api/v1/staff/submissions/${reference}/notes`).set('Sec-Fetch-Site', 'cross-site').send({ text: 'x' });
    const form = await agent.post(`/api/v1/staff/submissions/${reference}/notes`).type('form').send({ text: 'x' });
    const badToken = await agent.post(`/api/v1/staff/submissions/${reference}/notes`).set('X-CSRF-Token', 'forged').send({ text: 'x' });
    for (const res of [evil, crossSite, form, badToken]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('csrf_failed');
    }
  });

  it('when the request carries our Origin, the session token, or comes from an API client, then it works', async () => {
    const agent = await loggedIn(p.app, 'super@president.example');
    const { csrfToken } = (await agent.get('/api/v1/me')).body;
    const reference = await submitRouted(p);
    const ours = await agent.post(`/api/v1/staff/submissions/${reference}/notes`).set('Origin', 'http://localhost:3000').send({ text: 'a' });
    const token = await agent.post(`/api/v1/staff/submissions/${reference}/notes`).set('X-CSRF-Token', csrfToken).set('Sec-Fetch-Site', 'same-origin').send({ text: 'b' });
    const apiClient = await agent.post(`/api/v1/staff/submissions/${reference}/notes`).send({ text: 'c' });
    expect([ours.status, token.status, apiClient.status]).toEqual([201, 201, 201]);
  });
});

describe('triage', () => {
  it('when searching ПЕТРОВИЋ, then Petrović is found, and the reverse; diacritics and case do not matter', async () => {
    const latin = await submitRouted(p, { surname: 'Petrović', message: 'Pismo o školi u selu Gornja Trepča, molim odgovor.' });
    const cyrillic = await submitRouted(p, { name: 'Милица', surname: 'Јовановић', message: 'Писмо о путу кроз Шумадију, молим одговор.' });
    const agent = await loggedIn(p.app, 'super@president.example');
    const find = async (q: string) =>
      ((await agent.get('/api/v1/staff/submissions').query({ q })).body.items as { reference: string }[]).map((i) => i.reference);
    expect(await find('ПЕТРОВИЋ')).toContain(latin);
    expect(await find('petrovic')).toContain(latin);
    expect(await find('Trepca')).toContain(latin);
    expect(await find('Jovanović')).toContain(cyrillic);
    expect(await find('sumadiju')).toContain(cyrillic);
    expect(await find(latin)).toEqual([latin]);
    expect(await find('50%_')).toEqual([]);
  });

  it('lists newest first, filters, and pages with a cursor', async () => {
    const refs = [];
    for (let i = 0; i < 5; i++) refs.push(await submitRouted(p, { category: 'proposal' }));
    const agent = await loggedIn(p.app, 'super@president.example');
    const first = await agent.get('/api/v1/staff/submissions').query({ category: 'proposal', limit: 3 });
    expect(first.body.items.map((i: { reference: string }) => i.reference)).toEqual(refs.slice(2).reverse());
    const second = await agent.get('/api/v1/staff/submissions').query({ category: 'proposal', limit: 3, cursor: first.body.nextCursor });
    expect(second.body.items.map((i: { reference: string }) => i.reference)).toEqual(refs.slice(0, 2).reverse());
    expect(second.body.nextCursor).toBeNull();
    const bad = await agent.get('/api/v1/staff/submissions').query({ cursor: 'garbage' });
    expect(bad.status).toBe(400);
    const byOffice = await agent.get('/api/v1/staff/submissions').query({ office: 'legal', channel: 'web', status: 'routed' });
    expect(byOffice.body.items.every((i: { office: { code: string } }) => i.office.code === 'legal')).toBe(true);
  });

  it('an officer sees only their own office\'s letters, and another office\'s letter is a 404 with nothing of it', async () => {
    const legal = await submitRouted(p, { category: 'pardon', surname: 'Pomilovanović' });
    const citizens = await submitRouted(p, { category: 'question' });
    const officer = await loggedIn(p.app, 'officer.citizens@president.example');
    const list = await officer.get('/api/v1/staff/submissions');
    const refs = list.body.items.map((i: { reference: string }) => i.reference);
    expect(refs).toContain(citizens);
    expect(refs).not.toContain(legal);
    expect(list.body.items.every((i: { office: { code: string } }) => i.office.code === 'citizens')).toBe(true);
    const other = await officer.get(`/api/v1/staff/submissions/${legal}`);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('Pomilovanović');
    expect((await officer.post(`/api/v1/staff/submissions/${legal}/notes`).send({ text: 'x' })).status).toBe(404);
    expect((await officer.get(`/api/v1/staff/submissions/${citizens}`)).status).toBe(200);
  });
});

describe('a letter\'s page and actions', () => {
  it('reroute notifies the new office once and never the old one twice; history and audit record it', async () => {
    // A sender of its own: the file's earlier letters used up the default address's acknowledgements of the day.
    const reference = await submitRouted(p, { email: 'rerouted@example.rs' });
    const agent = await loggedIn(p.app, 'super@president.example');
    expect((await agent.post(`/api/v1/staff/submissions/${reference}/route`).send({ office: 'social' })).status).toBe(200);
    expect((await agent.post(`/api/v1/staff/submissions/${reference}/route`).send({ office: 'citizens' })).status).toBe(200);
    await waitFor(() => p.smtp.received.filter((m) => m.reference === reference && m.to.includes('socijalna-pitanja@president.example')).length === 1);
    await mailSettled(p, [reference]);
    const toCitizensOffice = p.smtp.received.filter((m) => m.reference === reference && m.to.includes('gradjani@president.example'));
    expect(toCitizensOffice).toHaveLength(1);
    const detail = await agent.get(`/api/v1/staff/submissions/${reference}`);
    expect(detail.body.office.code).toBe('citizens');
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(['routed', 'rerouted', 'rerouted']);
    expect(detail.body.messages.map((m: { kind: string }) => m.kind).sort()).toEqual(['acknowledgement', 'office_notification', 'office_notification']);
    const { rows } = await p.db.pool.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [reference]);
    expect(rows.map((r) => r.action)).toEqual(['letter.rerouted', 'letter.rerouted', 'letter.viewed']);
    const unknownOffice = await agent.post(`/api/v1/staff/submissions/${reference}/route`).send({ office: 'nowhere' });
    expect(unknownOffice.status).toBe(422);
  });

  it('status follows the workflow; an illegal move is 409 and changes nothing', async () => {
    const reference = await submitRouted(p);
    const agent = await loggedIn(p.app, 'officer.citizens@president.example');
    const move = (status: string) => agent.post(`/api/v1/staff/submissions/${reference}/status`).send({ status });
    expect((await move('closed')).status).toBe(409);
    expect((await move('in_progress')).status).toBe(200);
    expect((await move('answered')).status).toBe(200);
    expect((await move('closed')).status).toBe(200);
    expect((await move('in_progress')).status).toBe(409);
    expect((await move('bogus')).status).toBe(422);
    const detail = await agent.get(`/api/v1/staff/submissions/${reference}`);
    expect(detail.body.status).toBe('closed');
  });

  it('assigns only to an officer of the letter\'s office', async () => {
    const reference = await submitRouted(p);
    const agent = await loggedIn(p.app, 'super@president.example');
    const ok = await agent.post(`/api/v1/staff/submissions/${reference}/assign`).send({ assignee: 'officer.citizens@president.example' });
    const wrongOffice = await agent.post(`/api/v1/staff/submissions/${reference}/assign`).send({ assignee: 'officer.legal@president.example' });
    expect(ok.status).toBe(200);
    expect(wrongOffice.status).toBe(422);
    expect((await agent.get(`/api/v1/staff/submissions/${reference}`)).body.assignee).toBe('officer.citizens@president.example');
  });

  it('a reply by email is sent once through the outbox and the letter becomes answered; notes are in the history', async () => {
    const reference = await submitRouted(p, { email: 'reply-me@example.rs', language: 'sr-Cyrl' });
    const agent = await loggedIn(p.app, 'officer.citizens@president.example');
    expect((await agent.post(`/api/v1/staff/submissions/${reference}/notes`).send({ text: 'Проверити код општине.' })).status).toBe(201);
    const res = await agent.post(`/api/v1/staff/submissions/${reference}/reply`).send({ body: 'Поштовани, ваш захтев је прослеђен надлежнима.' });
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('email');
    await waitFor(() => p.smtp.received.some((m) => m.reference === reference && m.subject.startsWith('Одговор')));
    await mailSettled(p, [reference]);
    const replies = p.smtp.received.filter((m) => m.reference === reference && m.subject.startsWith('Одговор'));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('прослеђен надлежнима');
    const detail = await agent.get(`/api/v1/staff/submissions/${reference}`);
    expect(detail.body.status).toBe('answered');
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(['routed', 'note', 'replied']);
    expect(detail.body.events[1].data.text).toBe('Проверити код општине.');
  });
});

describe('postal letters and the print queue', () => {
  let postalCount = 0;
  const postal = (overrides: Record<string, unknown> = {}) => ({
    name: 'Драган',
    surname: 'Поштић',
    municipality: 'Ниш',
    address: 'Обреновићева 10, 18000 Ниш',
    category: 'request',
    message: `Писмо примљено поштом, без адресе е-поште и телефона, број ${++postalCount}.`,
    receivedAt: '2026-11-20',
    letterNumber: '01-123/26',
    ...overrides,
  });

  it('a clerk keys in a letter without email; it is routed and its acknowledgement is a PDF in the print queue', async () => {
    const clerk = await loggedIn(p.app, 'clerk@president.example');
    const res = await clerk.post('/api/v1/staff/postal').send(postal());
    expect(res.status).toBe(201);
    const reference: string = res.body.reference;
    let item: { id: number; kind: string; pdf: string } | undefined;
    await waitFor(async () => {
      const queue = await clerk.get('/api/v1/staff/print-queue');
      item = queue.body.items.find((i: { reference: string }) => i.reference === reference);
      return item !== undefined;
    });
    expect(item?.kind).toBe('acknowledgement');
    const pdf = await clerk.get(item?.pdf ?? '').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { PDFParse } = await import('pdf-parse');
    const text = (await new PDFParse({ data: pdf.body as Buffer }).getText()).text;
    expect(text).toContain(reference);
    expect(text).toContain('Поштић');
    expect((await clerk.post(`/api/v1/staff/print-queue/${item?.id}`).send({ status: 'printed' })).status).toBe(200);
    expect((await clerk.post(`/api/v1/staff/print-queue/${item?.id}`).send({ status: 'posted' })).status).toBe(200);
    expect((await clerk.post(`/api/v1/staff/print-queue/${item?.id}`).send({ status: 'printed' })).status).toBe(409);
    const { rows } = await p.db.pool.query('SELECT channel, postal_received_on::text AS d, letter_number FROM submissions WHERE reference = $1', [reference]);
    expect(rows[0]).toEqual({ channel: 'postal', d: '2026-11-20', letter_number: '01-123/26' });
  });

  it('refuses a date in the future or before 1990, and a clerk cannot open letters', async () => {
    const clerk = await loggedIn(p.app, 'clerk@president.example');
    const future = await clerk.post('/api/v1/staff/postal').send(postal({ receivedAt: '2999-01-01' }));
    const old = await clerk.post('/api/v1/staff/postal').send(postal({ receivedAt: '1989-12-31' }));
    expect(future.status).toBe(422);
    expect(old.status).toBe(422);
    expect(future.body.issues[0].path).toBe('receivedAt');
    expect((await clerk.get('/api/v1/staff/submissions')).status).toBe(403);
  });

  it('a reply to a citizen without email becomes a letter in the print queue', async () => {
    const clerk = await loggedIn(p.app, 'clerk@president.example');
    const created = await clerk.post('/api/v1/staff/postal').send(postal({ category: 'question' }));
    const reference: string = created.body.reference;
    await waitFor(async () => {
      const { rows } = await p.db.pool.query('SELECT status FROM submissions WHERE reference = $1', [reference]);
      return rows[0].status === 'routed';
    });
    const supervisor = await loggedIn(p.app, 'super@president.example');
    const res = await supervisor.post(`/api/v1/staff/submissions/${reference}/reply`).send({ body: 'Одговарамо вам писмом.' });
    expect(res.body.channel).toBe('post');
    const queue = await clerk.get('/api/v1/staff/print-queue');
    const kinds = queue.body.items.filter((i: { reference: string }) => i.reference === reference).map((i: { kind: string }) => i.kind);
    expect(kinds.sort()).toEqual(['acknowledgement', 'reply']);
  });
});

describe('administration', () => {
  it('an admin manages offices, rules and users; the new rule routes letters', async () => {
    const admin = await loggedIn(p.app, 'admin@president.example');
    const office = await admin.post('/api/v1/admin/offices').send({
      code: 'youth', nameCyrl: 'Служба за младе', nameLatn: 'Služba za mlade', nameEn: 'Youth Affairs', inboxEmail: 'mladi@president.example',
    });
    expect(office.status).toBe(201);
    const rule = await admin.post('/api/v1/admin/rules').send({ position: 1, office: 'youth', description: 'Students', keywords: ['studenti', 'stipendija'] });
    expect(rule.status).toBe(201);
    const user = await admin.post('/api/v1/admin/users').send({ email: 'youth.officer@president.example', password: PASSWORD, role: 'officer', office: 'youth' });
    expect(user.status).toBe(201);
    expect((await admin.post('/api/v1/admin/users').send({ email: 'youth.officer@president.example', password: PASSWORD, role: 'clerk' })).status).toBe(409);
    expect((await admin.patch(`/api/v1/admin/offices/youth`).send({ inboxEmail: 'mladi2@president.example' })).body.inboxEmail).toBe('mladi2@president.example');
    expect((await admin.patch(`/api/v1/admin/rules/${rule.body.id}`).send({ keywords: ['stipendija'] })).body.keywords).toEqual(['stipendija']);
    expect((await admin.patch(`/api/v1/admin/users/${user.body.id}`).send({ disabled: true })).body.disabled).toBe(true);
    const reference = await submitRouted(p, { message: 'Molim pomoć oko stipendija za studente iz sela.' });
    const detail = await admin.get(`/api/v1/staff/submissions/${reference}`);
    expect(detail.body.office.code).toBe('youth');
    const { rows } = await p.db.pool.query(`SELECT action FROM audit_log WHERE action LIKE 'office.%' OR action LIKE 'rule.%' OR action LIKE 'user.%' ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual(['office.created', 'rule.created', 'user.created', 'office.changed', 'rule.changed', 'user.changed']);
  });

  it('a PATCH changes only the fields it names (no defaults filled in)', async () => {
    const admin = await loggedIn(p.app, 'admin@president.example');
    const defaultOffice = await admin.patch('/api/v1/admin/offices/citizens').send({ inboxEmail: 'gradjani@president.example' });
    expect(defaultOffice.status).toBe(200);
    expect(defaultOffice.body.isDefault).toBe(true);
    await admin.patch('/api/v1/admin/offices/protocol').send({ active: false });
    const renamed = await admin.patch('/api/v1/admin/offices/protocol').send({ nameEn: 'State Protocol' });
    expect(renamed.body).toMatchObject({ nameEn: 'State Protocol', active: false });
    await admin.patch('/api/v1/admin/offices/protocol').send({ active: true });
    const rules = (await admin.get('/api/v1/admin/rules')).body as { id: number; categories: string[] | null }[];
    const byCategory = rules.find((r) => r.categories !== null);
    const off = await admin.patch(`/api/v1/admin/rules/${byCategory?.id}`).send({ active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, categories: byCategory?.categories });
    expect((await admin.patch(`/api/v1/admin/rules/${byCategory?.id}`).send({ active: true })).body.active).toBe(true);
  });

  it('refuses bad input with 422 and changes nothing', async () => {
    const admin = await loggedIn(p.app, 'admin@president.example');
    const before = (await admin.get('/api/v1/admin/rules')).body.length;
    expect((await admin.post('/api/v1/admin/rules').send({ position: 1, office: 'citizens', description: 'no conditions' })).status).toBe(422);
    expect((await admin.post('/api/v1/admin/rules').send({ position: 1, office: 'nowhere', description: 'x', categories: ['media'] })).status).toBe(422);
    expect((await admin.post('/api/v1/admin/users').send({ email: 'x@president.example', password: PASSWORD, role: 'officer' })).status).toBe(422);
    expect((await admin.post('/api/v1/admin/users').send({ email: 'x@president.example', password: PASSWORD, role: 'wizard' })).status).toBe(422);
    expect((await admin.patch('/api/v1/admin/offices/citizens').send({ isDefault: false })).status).toBe(422);
    expect((await admin.get('/api/v1/admin/rules')).body.length).toBe(before);
  });
});
