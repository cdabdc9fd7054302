import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, Browser } from 'playwright-core';
import type { Express } from 'express';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

/** Flags that keep Chromium from reaching out to the network this machine does not have. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export async function listen(app: Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Like describeWithRedis: outside CI a missing Chromium is one line; in CI it fails. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable) describe(name, fn);
  else if (inCi) describe(name, () => test(`Chromium is installed at ${CHROMIUM} (required when CI is set)`, () => expect(chromiumAvailable).toBe(true)));
  else
    describe(name, () =>
      test('page tests need Chromium (skipped outside CI)', () => {
        console.warn(`${name}: no Chromium at ${CHROMIUM}; apt-get install chromium to run these tests`);
        expect(chromiumAvailable).toBe(false);
      }),
    );
}
