import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { startPipeline, type Pipeline } from './pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './redis.js';

/** Debian's Chromium, headless, with the flags this machine needs (no network chatter, no sandbox as root). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Serves an express app on a free loopback port. */
export async function serve(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type BrowserSite = { pipeline: Pipeline; server: { url: string }; browser: Browser; close(): Promise<void> };

/** The whole pipeline served on a loopback port and a browser to drive it; close() takes all of it down. */
export async function startBrowserSite(name: string): Promise<BrowserSite> {
  const prefix = uniquePrefix(name);
  const pipeline = await startPipeline({ redisUrl: REDIS_URL, prefix });
  const server = await serve(pipeline.app);
  const stopServing = async () => {
    await server.close();
    await pipeline.close();
    await deleteKeys(REDIS_URL, prefix);
  };
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await stopServing();
    throw error;
  });
  return {
    pipeline,
    server,
    browser,
    async close() {
      await browser.close();
      await stopServing();
    },
  };
}

/** Collects what the page's Content Security Policy refused, each line prefixed with the page's address. */
export function collectCspErrors(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) into.push(`${page.url()}: ${m.text()}`);
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A/AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to the injection.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  )) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const SCREENSHOTS = path.join(PROJECT_ROOT, 'tests', 'artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
