import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AgencyIqBridge } from '@shared/ipc/bridge';
import { launchChromium, newContext, openApp } from './support/browser';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';

// The page opened at the address the browser host prints works, keeps working across reloads,
// and does not keep the launch key in its address; a tab opened without the key is refused
// by the host and says what to open instead.

let browser: Browser;
let dataDir: string;
let host: WebHostProcess | undefined;
const problems: string[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-key-'));
  browser = await launchChromium();
  host = await startWebHost({ dataDir });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const appInfo = (page: Page) =>
  page.evaluate(() => (window as unknown as { agencyiq: AgencyIqBridge }).agencyiq.invoke('app.info', {}));

test('the printed address opens the app, the key leaves the address bar, and a reload still works', async () => {
  const context = await newContext(browser);
  const page = await openApp(context, host!.url, problems, '#/drafts');
  expect(page.url()).toBe(`${new URL(host!.url).origin}/#/drafts`);
  expect(await appInfo(page)).toMatchObject({ ok: true, value: { host: 'browser' } });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  expect(await appInfo(page)).toMatchObject({ ok: true, value: { host: 'browser' } });
  expect(page.url()).not.toContain('k=');
  expect(problems).toEqual([]);
  await context.close();
});

test('a tab opened without the key reaches nothing and says which address to open', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${new URL(host!.url).origin}/#/drafts`);
  const answer = await appInfo(page);
  expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  expect(JSON.stringify(answer)).toContain('Open the address AgencyIQ printed');
  await context.close();
});
