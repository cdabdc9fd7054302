import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import type { Express } from 'express';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

/** Flags that keep Chromium from reaching out to the network this machine does not have. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The environment without libfaketime (npm run test:anyhour fakes the app's time with it): Chromium
 * under it never finishes starting, and the browser's own clock plays no part in the pages, which
 * the server renders.
 */
const browserEnv = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        e[1] !== undefined && e[0] !== 'LD_PRELOAD' && !e[0].startsWith('FAKETIME'),
    ),
  );

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, env: browserEnv() });
}

export async function listen(app: Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Like describeWithRedis: outside CI a missing Chromium is one line; in CI it fails. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable) describe(name, fn);
  else if (inCi)
    describe(name, () =>
      test(`Chromium is installed at ${CHROMIUM} (required when CI is set)`, () =>
        expect(chromiumAvailable).toBe(true)),
    );
  else
    describe(name, () =>
      test('page tests need Chromium (skipped outside CI)', () => {
        console.warn(`${name}: no Chromium at ${CHROMIUM}; apt-get install chromium to run these tests`);
        expect(chromiumAvailable).toBe(false);
      }),
    );
}

/**
 * For one describe block: the app served on a free port and one Chromium, closed after it.
 * `signIn` gives the user a browser context of its own, signed in through the login form.
 */
export function pagesInBrowser(app: () => Express, password: string) {
  let browser: Browser;
  let server: Server;
  const at = { url: '' };
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    let url: string;
    ({ url, server } = await listen(app()));
    at.url = url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });
  const signIn = async (user: { email: string }): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${at.url}/login`);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', password);
    // Signed in, the browser leaves /login for the role's home ('/', or the queue for the service desk).
    await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type=submit]')]);
    return page;
  };
  return { at, signIn };
}

/** The text of a table's cells, row by row (the page's DOM types are not in this project's lib). */
type Cells = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
export const tableCells = async (page: Page, table: string): Promise<string[][]> =>
  page.$$eval(`${table} tbody tr`, (rows) =>
    rows.map((r) =>
      Array.from((r as unknown as Cells).querySelectorAll('td'), (td) => (td.textContent ?? '').trim()),
    ),
  );

/** Screenshots go where SCREENSHOT_DIR says, for a person to look at; without it none is written. */
export async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
/** Whether the page scrolls sideways (a phone layout that does not fit). */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  ) as Promise<boolean>;
