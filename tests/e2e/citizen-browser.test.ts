import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCspErrors, screenshot, seriousViolations, startBrowserSite, type BrowserSite } from '../helpers/browser.js';
import type { Pipeline } from '../helpers/pipeline.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

let site: BrowserSite;
let p: Pipeline;
let server: BrowserSite['server'];
let browser: Browser;
const cspErrors: string[] = [];

beforeAll(async () => {
  site = await startBrowserSite('browser');
  ({ pipeline: p, server, browser } = site);
});

afterAll(async () => {
  await site?.close();
});

async function open(path: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    // A reader in Serbia: Accept-Language sr-RS, so the default page is Cyrillic.
    locale: 'sr-RS',
  });
  const page = await context.newPage();
  collectCspErrors(page, cspErrors);
  await page.goto(server.url + path);
  return page;
}

async function fillLetter(page: Page, email: string, extra: { municipality?: string } = {}) {
  await page.fill('#name', 'Јелена');
  await page.fill('#surname', 'Петровић');
  await page.fill('#municipality', extra.municipality ?? 'Чачак');
  await page.fill('#address', 'Градско шеталиште 1, 32000 Чачак');
  await page.fill('#email', email);
  // Each letter its own text: the same text from the same person would be filed as a duplicate.
  await page.fill('#message', `Поштовани, пишем вам поводом локалног пута који је непроходан (${email}).`);
  await page.check('#consent');
}

const referenceOn = async (page: Page) => (await page.textContent('#reference'))?.trim() ?? '';

describe('the citizen form in a real browser', () => {
  it.each([
    ['sr-Cyrl', '', 'Пишите председнику', 'Писмо је примљено'],
    ['sr-Latn', 'Latinica', 'Pišite predsedniku', 'Pismo je primljeno'],
    ['en', 'English', 'Write to the President', 'Your letter has been received'],
  ])('when a citizen writes in %s, then the confirmation shows the reference and the acknowledgement arrives', async (lang, switchTo, title, done) => {
    const page = await open('/');
    if (switchTo) await page.click(`text=${switchTo}`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.textContent('h1')).toBe(title);
    const email = `browser-${lang.toLowerCase()}@example.rs`;
    await fillLetter(page, email);
    await page.click('button[type=submit]');
    await page.waitForSelector('#reference');
    expect(await page.textContent('h1')).toBe(done);
    const reference = await referenceOn(page);
    expect(reference).toMatch(/^PR-\d{4}-\d{6}-\d$/);
    if (lang === 'sr-Cyrl') {
      await screenshot(page, 'confirmation');
      expect(await seriousViolations(page)).toEqual([]);
    }
    await waitFor(() => p.smtp.received.some((m) => m.reference === reference && m.to.includes(email)), WAIT_MS, 'acknowledgement');
    // The tracking link on the page works.
    await page.click('a.button');
    await page.waitForSelector('.facts');
    expect(await page.textContent('main')).toContain(reference);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('when JavaScript is off, then the plain form posts and the letter is received', async () => {
    const page = await open('/?lang=en', { javaScriptEnabled: false });
    await fillLetter(page, 'no-js@example.rs');
    await page.click('button[type=submit]');
    await page.waitForSelector('#reference');
    const reference = await referenceOn(page);
    await waitFor(() => p.smtp.received.some((m) => m.reference === reference), WAIT_MS, 'acknowledgement');
    await page.context().close();
  });

  it('when the input is wrong, then the error summary is focused, links to each field, and the values are kept', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await open('/?lang=sr-Latn', { javaScriptEnabled });
      await page.fill('#name', 'Petar123');
      await page.fill('#surname', 'Petrović');
      await page.fill('#municipality', 'Cacakk');
      await page.fill('#message', 'kratko');
      await page.click('button[type=submit]');
      await page.waitForSelector('#error-summary');
      const links = await page.$$eval('#error-summary a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(['#name', '#municipality', '#address', '#email', '#message', '#consent']);
      expect(await page.inputValue('#name')).toBe('Petar123');
      expect(await page.inputValue('#surname')).toBe('Petrović');
      expect(await page.inputValue('#message')).toBe('kratko');
      expect(await page.getAttribute('#name', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#name', 'aria-describedby')).toContain('name-error');
      expect(await page.textContent('#municipality-error')).toContain('Čačak');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
      if (javaScriptEnabled) {
        await screenshot(page, 'form-errors');
        expect(await seriousViolations(page)).toEqual([]);
        await page.click('#error-summary a[href="#message"]');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('message');
      }
      await page.context().close();
    }
  });

  it('when a citizen abroad ticks "I live abroad", then the country is asked instead of the municipality', async () => {
    const page = await open('/?lang=en');
    await page.check('#abroad-toggle');
    expect(await page.isVisible('#municipality')).toBe(false);
    await page.selectOption('#country', 'DE');
    await page.fill('#name', 'Ana');
    await page.fill('#surname', 'Marković');
    await page.fill('#address', 'Hauptstraße 5, 10115 Berlin');
    await page.fill('#phone', '+49 30 901820');
    await page.fill('#message', 'Dear President, I am writing from Berlin about consular services.');
    await page.check('#consent');
    await page.click('button[type=submit]');
    await page.waitForSelector('#reference');
    const reference = await referenceOn(page);
    const { rows } = await p.db.pool.query('SELECT municipality_code, country FROM submissions WHERE reference = $1', [reference]);
    expect(rows[0]).toEqual({ municipality_code: null, country: 'DE' });
    await page.context().close();
  });

  it('is accessible, fits a 360 px phone without sideways scrolling, stays small, and breaks no CSP rule', async () => {
    const desktop = await open('/');
    expect(await seriousViolations(desktop)).toEqual([]);
    await screenshot(desktop, 'form-desktop');
    await desktop.context().close();

    const phone = await open('/', { width: 360 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(phone, 'form-360px');
    await phone.context().close();

    // Transfer budget for the form page: HTML, CSS and JS together.
    const sizes = await Promise.all(
      ['/', '/static/site.css', '/static/form.js'].map(async (path) => (await (await fetch(server.url + path)).arrayBuffer()).byteLength),
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(80 * 1024);
    expect(cspErrors).toEqual([]);
  });
});
