import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCspErrors, screenshot, seriousViolations, startBrowserSite, type BrowserSite } from '../helpers/browser.js';
import { exampleLetter } from '../helpers/letters.js';
import type { Pipeline } from '../helpers/pipeline.js';
import { credentials, makeUser, PASSWORD } from '../helpers/staff.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

let site: BrowserSite;
let p: Pipeline;
let server: BrowserSite['server'];
let browser: Browser;
const cspErrors: string[] = [];

beforeAll(async () => {
  site = await startBrowserSite('staff-browser');
  ({ pipeline: p, server, browser } = site);
  await makeUser(p.db.pool, 'admin@president.example', 'admin');
  await makeUser(p.db.pool, 'super@president.example', 'supervisor');
  await makeUser(p.db.pool, 'clerk@president.example', 'clerk');
  await makeUser(p.db.pool, 'officer.citizens@president.example', 'officer', 'citizens');
});

afterAll(async () => {
  await site?.close();
});

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sr-RS' });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  collectCspErrors(page, cspErrors);
  await page.goto(`${server.url}/staff`);
  await page.fill('input[type=email]', email);
  await page.fill('input[type=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForLoadState('load');
  if (new URL(page.url()).pathname === '/staff/login/code') {
    // Admins and supervisors have a second factor: the code from their authenticator, as a person would type it.
    await page.fill('#code', (await credentials(email)).code ?? '');
    await page.click('main form[action="/staff/login/code"] button[type=submit]');
    await page.waitForLoadState('load');
  }
  expect(new URL(page.url()).pathname).not.toBe('/staff/login');
  expect(new URL(page.url()).pathname).not.toBe('/staff/login/code');
  return page;
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

// Generous: a busy machine takes long over a browser, and an admin's or supervisor's sign-in is two pages (password, code).
describe('the staff back office in a real browser', { timeout: 120_000 }, () => {
  it('signed out, /staff is a login form that passes the accessibility check', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(`${server.url}/staff`);
    expect(await page.locator('input[type=email]').count()).toBe(1);
    expect(await page.locator('input[type=password]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('a clerk keys in a postal letter; a supervisor finds it by a Cyrillic search and reroutes it; an officer of another office cannot open it', async () => {
    const clerk = await signIn('clerk@president.example');
    await clerk.goto(`${server.url}/staff/postal`);
    expect(await seriousViolations(clerk)).toEqual([]);
    await clerk.fill('#name', 'Milan');
    await clerk.fill('#surname', 'Jovanović');
    await clerk.fill('#municipality', 'Kraljevo');
    await clerk.fill('#address', 'Omladinska 5, 36000 Kraljevo');
    await clerk.fill('#message', 'Pismo stiglo poštom: molba za pomoć oko izgradnje mosta u selu.');
    await clerk.fill('#receivedAt', '2026-11-20');
    await clerk.click('main form[action="/staff/postal"] button[type=submit]');
    await clerk.waitForLoadState('load');
    const text = (await clerk.textContent('main')) ?? '';
    const reference = /PR-\d{4}-\d{6}-\d/.exec(text)?.[0];
    expect(reference, text.slice(0, 600)).toBeDefined();
    await clerk.goto(`${server.url}/staff/print-queue`);
    await waitFor(async () => {
      await clerk.reload();
      return ((await clerk.textContent('main')) ?? '').includes(reference ?? '-');
    }, WAIT_MS, 'acknowledgement in the print queue');
    expect(await seriousViolations(clerk)).toEqual([]);
    await clerk.context().close();

    const supervisor = await signIn('super@president.example');
    await supervisor.fill('#q', 'ЈОВАНОВИЋ');
    await supervisor.click('form.filters button[type=submit]');
    await supervisor.waitForLoadState('load');
    await supervisor.click(`a:has-text("${reference}")`);
    await supervisor.waitForLoadState('load');
    expect(await seriousViolations(supervisor)).toEqual([]);
    await supervisor.selectOption('#office', 'legal');
    await supervisor.click('form[action$="/route"] button[type=submit]');
    await supervisor.waitForLoadState('load');
    const { rows } = await p.db.pool.query(
      'SELECT o.code FROM submissions s JOIN offices o ON o.id = s.office_id WHERE s.reference = $1',
      [reference],
    );
    expect(rows[0].code).toBe('legal');
    await supervisor.context().close();

    const officer = await signIn('officer.citizens@president.example');
    const response = await officer.goto(`${server.url}/staff/letters/${reference}`);
    expect(response?.status()).toBe(404);
    expect(await officer.textContent('body')).not.toContain('Jovanović');
    await officer.context().close();
  });

  it('a letter full of HTML and script is shown as text, and nothing of it runs', async () => {
    const attack = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    const res = await request(p.app)
      .post('/api/v1/submissions')
      .send(exampleLetter({ subject: `<b onmouseover="window.__pwned=3">Naslov</b>`, message: `Poruka ${attack} kraj.`, address: `Ulica ${attack} 1` }));
    expect(res.status).toBe(201);
    await waitFor(async () => {
      const { rows } = await p.db.pool.query('SELECT status FROM submissions WHERE reference = $1', [res.body.reference]);
      return rows[0].status === 'routed';
    });
    const page = await signIn('super@president.example');
    expect(await pwned(page)).toBeUndefined();
    await screenshot(page, 'triage-list');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${server.url}/staff/letters/${res.body.reference}`);
    await page.hover('main');
    expect(await pwned(page)).toBeUndefined();
    expect(await page.textContent('.letter-text')).toContain(attack);
    expect(await page.locator('main img').count()).toBe(0);
    await page.context().close();
  });

  it('admin pages and the queue dashboard open for an admin, pass the accessibility check, and break no CSP rule', async () => {
    const page = await signIn('admin@president.example');
    for (const path of ['/staff', '/staff/admin/users', '/staff/admin/offices', '/staff/admin/rules', '/staff/print-queue', '/staff/postal', '/staff/inbound', '/staff/reports']) {
      const response = await page.goto(server.url + path);
      expect(response?.status(), path).toBe(200);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    const dashboard = await page.goto(`${server.url}/staff/queues`);
    expect(dashboard?.status()).toBe(200);
    await page.waitForSelector('text=route', { timeout: WAIT_MS });
    await page.context().close();
    // bull-board asks Google for a web font; our policy keeps it from calling out, on purpose.
    expect(cspErrors.filter((e) => !/\/staff\/queues: Loading the stylesheet 'https:\/\/fonts\.googleapis\.com/.test(e))).toEqual([]);

    const supervisor = await signIn('super@president.example');
    expect((await supervisor.goto(`${server.url}/staff/queues`))?.status()).toBe(403);
    await supervisor.context().close();
  });
});
