import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/staff/totp.js';
import { collectCspErrors, screenshot, seriousViolations, startBrowserSite, type BrowserSite } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/staff.js';

let site: BrowserSite;
let server: BrowserSite['server'];
let browser: Browser;
const cspErrors: string[] = [];
const EMAIL = 'first.admin@president.example';

beforeAll(async () => {
  site = await startBrowserSite('totp-browser');
  ({ server, browser } = site);
  // The first admin as the CLI makes it: no second factor yet.
  await makeUser(site.pipeline.db.pool, EMAIL, 'admin', undefined, { secondFactor: false });
}, 60_000);

afterAll(async () => {
  await site?.close();
});

const pathOf = (page: Page) => new URL(page.url()).pathname;

async function submit(page: Page, action: string) {
  await page.click(`main form[action="${action}"] button[type=submit]`);
  await page.waitForLoadState('load');
}

/** The login form with the right password; the page it leads to. */
async function typePassword(page: Page) {
  await page.goto(`${server.url}/staff`);
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await submit(page, '/staff/login');
}

async function logOut(page: Page) {
  await page.click('form[action="/staff/logout"] button[type=submit]');
  await page.waitForLoadState('load');
  expect(await page.locator('#password').count()).toBe(1);
}

// Generous: a busy machine takes long over a browser.
describe('the second factor in a real browser', { timeout: 150_000 }, () => {
  it('the first admin enrols at the first login, keeps the recovery codes, and signs in again with one of them and with the app\'s code', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sr-RS' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    collectCspErrors(page, cspErrors);

    await typePassword(page);
    expect(pathOf(page)).toBe('/staff/second-factor/enrol');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'totp-enrol');
    // What the person types into the authenticator app, read off the page.
    const secret = ((await page.textContent('#totp-secret')) ?? '').replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The QR code (a data: image) is shown despite the page's CSP.
    expect(await page.locator('img.totp-qr').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    await page.fill('#code', '000000' === totpCode(secret, new Date()) ? '111111' : '000000');
    await submit(page, '/staff/second-factor/enrol');
    expect(await page.locator('.error-summary a[href="#code"]').count()).toBe(1);
    await page.fill('#code', totpCode(secret, new Date()));
    await submit(page, '/staff/second-factor/enrol');

    const codes = (await page.locator('.recovery-codes code').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('main a[href="/staff"]');
    await page.waitForLoadState('load');
    expect(pathOf(page)).toBe('/staff');
    expect(await page.locator('main h1').count()).toBe(1);
    expect(await page.locator('#code').count()).toBe(0);
    await logOut(page);

    // Phone left at home: a recovery code.
    await typePassword(page);
    expect(pathOf(page)).toBe('/staff/login/code');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'totp-code');
    await page.fill('#code', codes[0] ?? '');
    await submit(page, '/staff/login/code');
    expect(pathOf(page)).toBe('/staff');
    expect(await page.locator('.staff-user').textContent()).toContain(EMAIL);
    await logOut(page);

    // The app's next code (the one used at enrolment is spent; a step ahead is within the window).
    await typePassword(page);
    expect(pathOf(page)).toBe('/staff/login/code');
    await page.fill('#code', totpCode(secret, new Date(Date.now() + 30_000)));
    await submit(page, '/staff/login/code');
    expect(pathOf(page)).toBe('/staff');
    await page.goto(`${server.url}/staff/admin/users`);
    expect(await page.locator('main form[action$="/second-factor/reset"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
    expect(cspErrors).toEqual([]);
  });
});
