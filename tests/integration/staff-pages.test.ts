import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { makeUser, passCodePage, PASSWORD, submitRouted } from '../helpers/staff.js';
import { waitFor } from '../helpers/wait.js';

let p: Pipeline;
let app: Express;
const prefix = uniquePrefix('staff-pages');

const EVIL_SCRIPT = '<script>alert(1)</script>';
const EVIL_ATTR = '"><img src=x onerror=alert(1)>';

const csrfIn = (page: string) => {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
};

/** Signs in through the login form, as a browser would; the agent keeps the cookie. */
async function signIn(email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const login = await agent.get('/staff');
  expect(login.status).toBe(200);
  const form = await agent.post('/staff/login').type('form').send({ _csrf: csrfIn(login.text), email, password });
  const res = await passCodePage(agent, form, email);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/staff');
  return agent;
}

type Agent = Awaited<ReturnType<typeof signIn>>;

/** Posts a form of the page at `path` with that page's CSRF token. */
async function postForm(agent: Agent, path: string, action: string, fields: Record<string, string | string[]>) {
  const page = await agent.get(path);
  expect(page.status).toBe(200);
  return agent.post(action).type('form').send({ _csrf: csrfIn(page.text), ...fields });
}

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  app = p.app;
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

describe('signing in', () => {
  it('when signed out, then /staff is a 200 login form with an email and a password input, labelled, with a CSRF token', async () => {
    const res = await request(app).get('/staff');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="sr-Latn">');
    expect(res.text).toMatch(/<input[^>]*name="email"[^>]*type="email"/);
    expect(res.text).toMatch(/<input[^>]*name="password"[^>]*type="password"/);
    expect(res.text).toContain('<label for="email">');
    expect(res.text).toContain('<label for="password">');
    expect(res.text).toMatch(/<form method="post" action="\/staff\/login"/);
    expect(csrfIn(res.text)).toMatch(/^[\w.-]{20,}$/);
    // The token lives in a signed cookie of its own, not in a session: a signed-out visitor gets no session.
    expect(String(res.headers['set-cookie'])).toMatch(/pisarnica\.login=[^;]+;.*HttpOnly.*SameSite=Strict/);
    expect(String(res.headers['set-cookie'])).not.toMatch(/pisarnica\.sid=/);
  });

  it('when signed out, then a letter page sends the reader to the login page', async () => {
    const res = await request(app).get('/staff/letters/PR-2026-000001-7');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff');
  });

  it('when the form logs in, then 303 to /staff, a new session id, and /staff shows the triage table with a letter', async () => {
    const reference = await submitRouted(p);
    const agent = request.agent(app);
    const login = await agent.get('/staff');
    const before = /pisarnica\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1];
    const form = await agent.post('/staff/login').type('form').send({ _csrf: csrfIn(login.text), email: 'super@president.example', password: PASSWORD });
    const res = await passCodePage(agent, form, 'super@president.example');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff');
    const after = /pisarnica\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const list = await agent.get('/staff');
    expect(list.status).toBe(200);
    expect(list.text).toContain('<table class="letters">');
    expect(list.text).toContain(`<a href="/staff/letters/${reference}">${reference}</a>`);
    expect(list.text).toContain('super@president.example');
    // The same session works for the API.
    expect((await agent.get('/api/v1/me')).body.email).toBe('super@president.example');
    const audited = await p.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'login'`);
    expect(audited.rowCount).toBeGreaterThan(0);
  });

  it('when the password is wrong, then 401 and the form again with an error summary linking to the field', async () => {
    const agent = request.agent(app);
    const login = await agent.get('/staff');
    const res = await agent.post('/staff/login').type('form').send({ _csrf: csrfIn(login.text), email: 'admin@president.example', password: 'wrong password!' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#email"');
    expect(res.text).toMatch(/<input id="email"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('value="admin@president.example"');
    expect(res.text).not.toContain('wrong password!');
    const failures = await p.db.pool.query(`SELECT 1 FROM login_failures WHERE email = 'admin@president.example'`);
    expect(failures.rowCount).toBe(1);
    await p.db.pool.query('DELETE FROM login_failures');
  });

  it('when the login form is posted without its CSRF token, then 403', async () => {
    const res = await request(app).post('/staff/login').type('form').send({ email: 'admin@president.example', password: PASSWORD });
    expect(res.status).toBe(403);
  });

  it('when signed in as a clerk, then /staff leads to the print queue and the nav offers only postal entry and the print queue', async () => {
    const agent = await signIn('clerk@president.example');
    const res = await agent.get('/staff');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/print-queue');
    const queue = await agent.get('/staff/print-queue');
    expect(queue.text).toContain('href="/staff/postal"');
    expect(queue.text).toContain('href="/staff/print-queue"');
    expect(queue.text).not.toContain('href="/staff/admin/users"');
    expect(queue.text).not.toMatch(/<a href="\/staff"[ >]/);
  });

  it('when logging out through the form, then the session is over', async () => {
    const agent = await signIn('super@president.example');
    const page = await agent.get('/staff');
    const res = await agent.post('/staff/logout').type('form').send({ _csrf: csrfIn(page.text) });
    expect(res.status).toBe(303);
    const after = await agent.get('/staff');
    expect(after.text).toMatch(/<input[^>]*type="password"/);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
  });
});

describe('letters', () => {
  it('when a letter carries markup in its name, subject and message, then the list and the letter page show it as text', async () => {
    const reference = await submitRouted(p, { subject: `${EVIL_SCRIPT} ${EVIL_ATTR}`, message: `Poštovani, ${EVIL_SCRIPT} i ${EVIL_ATTR} u pismu.` });
    // Names cannot carry markup through the API; a stored one must still come out as text.
    await p.db.pool.query('UPDATE submissions SET name = $2, surname = $3 WHERE reference = $1', [reference, EVIL_SCRIPT, EVIL_ATTR]);
    const agent = await signIn('super@president.example');
    const list = await agent.get('/staff');
    const letter = await agent.get(`/staff/letters/${reference}`);
    expect(letter.status).toBe(200);
    for (const page of [list.text, letter.text]) {
      expect(page).toContain(reference);
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
    expect(letter.text).toMatch(/<div class="letter-text">Poštovani, &lt;script&gt;/);
    const viewed = await p.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'letter.viewed' AND target_id = $1`, [reference]);
    expect(viewed.rowCount).toBe(1);
  });

  it('when a supervisor reroutes through the form, then the letter page shows the new office and the history entry', async () => {
    const reference = await submitRouted(p);
    const agent = await signIn('super@president.example');
    const page = `/staff/letters/${reference}`;
    const res = await postForm(agent, page, `${page}/route`, { office: 'legal' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${page}?done=rerouted`);
    const after = await agent.get(res.headers.location as string);
    expect(after.status).toBe(200);
    expect(after.text).toContain('Pismo je preusmereno.');
    expect(after.text).toMatch(/<dt>Služba<\/dt><dd>Služba za pravne poslove i pomilovanja<\/dd>/);
    expect(after.text).toContain('Preusmereno: Služba za predstavke i pritužbe građana → Služba za pravne poslove i pomilovanja');
    const { rows } = await p.db.pool.query(
      `SELECT o.code FROM submissions s JOIN offices o ON o.id = s.office_id WHERE s.reference = $1`, [reference],
    );
    expect(rows[0].code).toBe('legal');
    const audited = await p.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'letter.rerouted' AND target_id = $1`, [reference]);
    expect(audited.rowCount).toBe(1);
  });

  it('when an officer works a letter of their office, then status, assignment and note go through the forms; an illegal status is a 409 page', async () => {
    const reference = await submitRouted(p);
    const agent = await signIn('officer.citizens@president.example');
    const page = `/staff/letters/${reference}`;
    const view = await agent.get(page);
    expect(view.text).toContain(`action="${page}/status"`);
    expect(view.text).toContain(`action="${page}/notes"`);
    expect(view.text).not.toContain(`action="${page}/route"`);
    expect((await postForm(agent, page, `${page}/status`, { status: 'in_progress', note: 'preuzimam' })).status).toBe(303);
    expect((await postForm(agent, page, `${page}/assign`, { assignee: 'officer.citizens@president.example' })).status).toBe(303);
    expect((await postForm(agent, page, `${page}/notes`, { text: `Beleška ${EVIL_SCRIPT}` })).status).toBe(303);
    const after = await agent.get(page);
    expect(after.text).toContain('Status: raspoređeno → u radu');
    expect(after.text).toContain('Zaduženo: officer.citizens@president.example');
    expect(after.text).toContain('Beleška &lt;script&gt;');
    const illegal = await postForm(agent, page, `${page}/status`, { status: 'closed' });
    expect(illegal.status).toBe(409);
    expect(illegal.text).toContain('class="error-summary"');
    expect(illegal.text).toContain('href="#status"');
    const empty = await postForm(agent, page, `${page}/notes`, { text: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('href="#note-text"');
    expect(empty.text).toMatch(/<textarea id="note-text"[^>]*aria-invalid="true"/);
  });

  it('when an officer of another office opens or acts on the letter, then 404 with nothing of it', async () => {
    const reference = await submitRouted(p, { surname: 'Tajanstvenić', message: 'Ovo je poverljiv tekst pisma koji drugi ne smeju videti.' });
    const agent = await signIn('officer.legal@president.example');
    const res = await agent.get(`/staff/letters/${reference}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Tajanstvenić');
    expect(res.text).not.toContain('poverljiv');
    const list = await agent.get('/staff');
    expect(list.text).not.toContain(reference);
    const page = await agent.get('/staff');
    const note = await agent.post(`/staff/letters/${reference}/notes`).type('form').send({ _csrf: csrfIn(page.text), text: 'x' });
    expect(note.status).toBe(404);
    expect(note.text).not.toContain('poverljiv');
    const own = await signIn('officer.citizens@president.example');
    expect((await own.get(`/staff/letters/${reference}`)).status).toBe(200);
  });

  it('when a form is posted without _csrf, then 403 and nothing changes', async () => {
    const reference = await submitRouted(p);
    const agent = await signIn('super@president.example');
    const res = await agent.post(`/staff/letters/${reference}/notes`).type('form').send({ text: 'bez tokena' });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const wrong = await agent.post(`/staff/letters/${reference}/notes`).type('form').send({ _csrf: 'forged', text: 'lažan token' });
    expect(wrong.status).toBe(403);
    const notes = await p.db.pool.query(
      `SELECT 1 FROM submission_events e JOIN submissions s ON s.id = e.submission_id WHERE s.reference = $1 AND e.kind = 'note'`, [reference],
    );
    expect(notes.rowCount).toBe(0);
  });

  it('when the triage filters are wrong, then 400 with the message; when they fit, only the matching letters', async () => {
    const agent = await signIn('super@president.example');
    const bad = await agent.get('/staff?status=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#status"');
    const reference = await submitRouted(p, { surname: 'Jedinstvenović' });
    const found = await agent.get('/staff?q=JEDINSTVENOVIC&status=&office=&channel=&category=&from=&to=');
    expect(found.status).toBe(200);
    expect(found.text).toContain(reference);
    expect(found.text).toContain('value="JEDINSTVENOVIC"');
  });
});

describe('postal entry and print queue', () => {
  const postal = {
    name: 'Milica', surname: 'Poštić', municipality: 'Kraljevo', country: '', address: 'Omladinska 5, 36000 Kraljevo',
    email: '', phone: '', category: 'request', subject: 'Molba', message: 'Poštovani, molim vas za pomoć oko prevoza.',
    language: 'sr-Cyrl', letterNumber: 'P-17/2026',
  };
  const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

  it('when a clerk posts a postal letter dated in the future, then 422 with the summary linking to the field and every value kept', async () => {
    const agent = await signIn('clerk@president.example');
    const res = await postForm(agent, '/staff/postal', '/staff/postal', { ...postal, receivedAt: isoDay(3) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#receivedAt"');
    expect(res.text).toMatch(/<input id="receivedAt"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('value="Milica"');
    expect(res.text).toContain('value="Poštić"');
    expect(res.text).toContain('value="P-17/2026"');
    expect(res.text).toContain('>Poštovani, molim vas za pomoć oko prevoza.</textarea>');
    expect(res.text).toMatch(/<option value="request" selected>/);
  });

  it('when the postal letter is valid, then 303 to a confirmation with the reference; it is routed and its acknowledgement waits in the print queue with a PDF', async () => {
    const agent = await signIn('clerk@president.example');
    const res = await postForm(agent, '/staff/postal', '/staff/postal', { ...postal, receivedAt: isoDay(-2) });
    expect(res.status).toBe(303);
    const reference = /entered=(PR-\d{4}-\d{6}-\d)/.exec(String(res.headers.location))?.[1];
    expect(reference).toBeDefined();
    const confirmation = await agent.get(res.headers.location as string);
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain(`<p class="reference" id="reference">${reference}</p>`);
    const { rows } = await p.db.pool.query('SELECT id, channel, letter_number FROM submissions WHERE reference = $1', [reference]);
    expect(rows[0]).toMatchObject({ channel: 'postal', letter_number: 'P-17/2026' });
    await waitFor(async () => (await p.db.pool.query('SELECT 1 FROM print_queue WHERE submission_id = $1', [rows[0].id])).rowCount === 1);
    const item = (await p.db.pool.query('SELECT id FROM print_queue WHERE submission_id = $1', [rows[0].id])).rows[0].id as string;

    const queue = await agent.get('/staff/print-queue');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain(reference);
    expect(queue.text).toContain(`href="/api/v1/staff/print-queue/${item}/pdf"`);
    const pdf = await agent.get(`/api/v1/staff/print-queue/${item}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    const printed = await agent.post(`/staff/print-queue/${item}`).type('form').send({ _csrf: csrfIn(queue.text), status: 'printed' });
    expect(printed.status).toBe(303);
    expect(printed.headers.location).toBe('/staff/print-queue?done=printed');
    const again = await agent.post(`/staff/print-queue/${item}`).type('form').send({ _csrf: csrfIn(queue.text), status: 'printed' });
    expect(again.status).toBe(409);
    expect((await p.db.pool.query('SELECT status FROM print_queue WHERE id = $1', [item])).rows[0].status).toBe('printed');
  });

  it('when an officer opens postal entry or the print queue, then 403', async () => {
    const agent = await signIn('officer.citizens@president.example');
    expect((await agent.get('/staff/postal')).status).toBe(403);
    expect((await agent.get('/staff/print-queue')).status).toBe(403);
  });
});

describe('administration', () => {
  it('when an admin opens the admin pages, then users, offices and rules render with their forms and the queue dashboard link', async () => {
    const agent = await signIn('admin@president.example');
    const users = await agent.get('/staff/admin/users');
    expect(users.status).toBe(200);
    expect(users.text).toContain('officer.legal@president.example');
    expect(users.text).toContain('action="/staff/admin/users"');
    expect(users.text).toContain('href="/staff/queues"');
    const offices = await agent.get('/staff/admin/offices');
    expect(offices.status).toBe(200);
    expect(offices.text).toContain('gradjani@president.example');
    const rules = await agent.get('/staff/admin/rules');
    expect(rules.status).toBe(200);
    expect(rules.text).toContain('Petitions for pardon');
    expect(rules.text).toContain('name="categories"');
  });

  it('when an admin creates an office, a rule and a user through the forms, then each is stored and listed; a bad one is 422 with the values kept', async () => {
    const agent = await signIn('admin@president.example');
    const office = await postForm(agent, '/staff/admin/offices', '/staff/admin/offices', {
      code: 'diaspora', nameCyrl: 'Служба за дијаспору', nameLatn: 'Služba za dijasporu', nameEn: 'Diaspora', inboxEmail: 'dijaspora@president.example', active: 'true',
    });
    expect(office.status).toBe(303);
    expect((await agent.get('/staff/admin/offices')).text).toContain('Služba za dijasporu');
    const taken = await postForm(agent, '/staff/admin/offices', '/staff/admin/offices', {
      code: 'diaspora', nameCyrl: 'x', nameLatn: 'x', nameEn: 'x', inboxEmail: 'x@president.example',
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('href="#code"');

    const rule = await postForm(agent, '/staff/admin/rules', '/staff/admin/rules', {
      position: '5', office: 'diaspora', description: 'Pisma iz inostranstva', abroad: 'true', keywords: 'dijaspora, iseljenici', active: 'true',
    });
    expect(rule.status).toBe(303);
    const { rows } = await p.db.pool.query(`SELECT keywords, abroad FROM routing_rules WHERE description = 'Pisma iz inostranstva'`);
    expect(rows[0]).toEqual({ keywords: ['dijaspora', 'iseljenici'], abroad: true });
    // A browser sends a checkbox list as the same name repeated.
    const rulesPage = await agent.get('/staff/admin/rules');
    const withCategories = await agent.post('/staff/admin/rules').type('form').send(
      new URLSearchParams([
        ['_csrf', csrfIn(rulesPage.text)], ['position', '7'], ['office', 'diaspora'], ['description', 'Pozivi i mediji iz dijaspore'],
        ['categories', 'invitation'], ['categories', 'media'], ['municipalityCodes', 'cacak, Нови Београд'], ['active', 'true'],
      ]).toString(),
    );
    expect(withCategories.status).toBe(303);
    const stored = await p.db.pool.query(`SELECT categories, municipality_codes FROM routing_rules WHERE description = 'Pozivi i mediji iz dijaspore'`);
    expect(stored.rows[0]).toEqual({ categories: ['invitation', 'media'], municipality_codes: ['cacak', 'beograd-novi-beograd'] });
    const listed = await agent.get('/staff/admin/rules');
    expect(listed.text).toContain('Poziv, Zahtev medija');
    const noCondition = await postForm(agent, '/staff/admin/rules', '/staff/admin/rules', { position: '6', office: 'diaspora', description: 'Bez uslova' });
    expect(noCondition.status).toBe(422);
    expect(noCondition.text).toContain('value="Bez uslova"');

    const user = await postForm(agent, '/staff/admin/users', '/staff/admin/users', {
      email: 'nova@president.example', password: 'a long enough passphrase', role: 'officer', office: 'diaspora', displayName: 'Nova',
    });
    expect(user.status).toBe(303);
    expect((await agent.get('/staff/admin/users')).text).toContain('nova@president.example');
    const short = await postForm(agent, '/staff/admin/users', '/staff/admin/users', { email: 'kratka@president.example', password: 'short', role: 'clerk', office: '' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('href="#password"');
    expect(short.text).toContain('value="kratka@president.example"');
    expect(short.text).not.toContain('value="short"');
  });

  it('when the office does not fit the role or does not exist, then 422 with the page\'s own text on the office field', async () => {
    const agent = await signIn('admin@president.example');
    const account = { password: 'a long enough passphrase', displayName: '' };
    const noOffice = await postForm(agent, '/staff/admin/users', '/staff/admin/users', { ...account, email: 'bez@president.example', role: 'officer', office: '' });
    expect(noOffice.status).toBe(422);
    expect(noOffice.text).toContain('Službenik mora pripadati jednoj službi: izaberite je.');
    expect(noOffice.text).toContain('href="#office"');
    const clerkWithOffice = await postForm(agent, '/staff/admin/users', '/staff/admin/users', { ...account, email: 'pisar@president.example', role: 'clerk', office: 'legal' });
    expect(clerkWithOffice.status).toBe(422);
    expect(clerkWithOffice.text).toContain('Samo službenik pripada službi; za ovu ulogu ostavite „bez službe”.');
    const ghost = await postForm(agent, '/staff/admin/users', '/staff/admin/users', { ...account, email: 'duh@president.example', role: 'officer', office: 'ghost-office' });
    expect(ghost.status).toBe(422);
    expect(ghost.text).toContain('Nepoznata ili neaktivna služba.');
    const api = await agent.post('/api/v1/admin/users').set('Accept-Language', 'en').send({ email: 'bez@president.example', password: PASSWORD, role: 'officer' });
    expect(api.status).toBe(422);
    expect(api.body.issues).toEqual([{ path: 'office', message: 'An officer needs an office (its code).' }]);
    expect((await p.db.pool.query(`SELECT 1 FROM staff_users WHERE email IN ('bez@president.example', 'pisar@president.example', 'duh@president.example')`)).rowCount).toBe(0);
  });

  it('when a supervisor opens or posts to the admin pages, then 403', async () => {
    const agent = await signIn('super@president.example');
    for (const path of ['/staff/admin/users', '/staff/admin/offices', '/staff/admin/rules']) {
      expect((await agent.get(path)).status).toBe(403);
    }
    const page = await agent.get('/staff');
    expect(page.text).not.toContain('href="/staff/admin/users"');
    const res = await agent.post('/staff/admin/users').type('form').send({ _csrf: csrfIn(page.text), email: 'x@president.example', password: 'a long enough passphrase', role: 'admin' });
    expect(res.status).toBe(403);
    expect((await p.db.pool.query(`SELECT 1 FROM staff_users WHERE email = 'x@president.example'`)).rowCount).toBe(0);
  });
});
