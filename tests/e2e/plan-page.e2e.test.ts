import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { contractLicenceScript, type ContractServerState } from '../support/contract-licence-script';
import { createLeaseSigner, growthLease } from '../support/lease-signer';
import { startScriptedHttpServer, type ScriptedHttpServer } from '../support/scripted-http-server';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { launchChromium, newContext, openApp } from './support/browser';

// The Plan page's own paths, driven in Chromium through the browser host, against a licence
// server that speaks the contract (real HTTP and Ed25519): no plan → a mistyped key → the right
// key → the computers on the plan → deactivating one after a confirmation.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const signer = createLeaseSigner();

let browser: Browser;
let server: ScriptedHttpServer;
let host: WebHostProcess | null = null;
let dataDir: string;
let problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterEach(async () => {
  await host?.kill();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  problems = [];
});

afterAll(async () => {
  await browser?.close();
});

test('an owner with a key from another computer activates this one and removes an old computer', async () => {
  const state: ContractServerState = {
    licence: 'none',
    licenceKey: 'AIQ-GROW-7K2M-9QXD',
    now: Date.now,
    tokens: new Map(),
    sessionsOpened: 0,
    otherDevices: [{ id: 'dev_old_laptop', name: 'Old laptop', os: 'windows', activatedAt: Date.now() - 86_400_000 * 40, lastSeenAt: null, current: false }],
  };
  server = await startScriptedHttpServer(contractLicenceScript(signer, state));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-plan-'));
  host = await startWebHost({ dataDir, env: { AGENCYIQ_LICENCE_SERVER_URL: server.url, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw } });
  const context = await newContext(browser);
  const page = await openApp(context, host.url, problems);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plan' }).click();
  const headline = page.locator('#plan-headline');
  await expect.poll(() => headline.textContent()).toBe('No plan yet — you can draft freely; choose a plan to publish');
  for (const label of ['Choose Starter', 'Choose Growth', 'Choose Professional']) {
    expect(await page.getByRole('button', { name: label }).isEnabled()).toBe(true);
  }

  // Too short: refused before anything is sent.
  const key = page.getByRole('textbox', { name: 'Licence key' });
  await key.fill('AIQ');
  await page.getByRole('button', { name: 'Activate this computer' }).click();
  await page.getByText('That is too short for a licence key. Check it against your receipt email.').waitFor();
  expect(await key.getAttribute('aria-invalid')).toBe('true');

  // A wrong key: the server's plain answer.
  await key.fill('AIQ-GROW-0000-0000');
  await key.press('Enter');
  await page.getByText('We don’t know that licence key. Check it against your receipt email.').waitFor();

  // The right key, typed with stray spaces.
  await key.fill('  AIQ-GROW-7K2M-9QXD ');
  await key.press('Enter');
  await expect.poll(() => headline.textContent()).toMatch(/^Growth — 27 of 27 posts left this cycle, resets on \d{1,2} [A-Z][a-z]+ \d{4}$/);
  expect(await page.getByTestId('licence-key').textContent()).toBe('AIQ-GROW-7K2M-9QXD');
  expect(await page.getByRole('button', { name: 'Choose Growth' }).count()).toBe(0);

  // The computers on the plan; this one is marked.
  const devices = page.getByRole('list').filter({ hasText: 'Old laptop' });
  await devices.waitFor();
  expect(await devices.getByRole('listitem').filter({ hasText: 'This computer' }).count()).toBe(1);

  // Deactivate asks first; "Keep it" changes nothing; confirming removes it.
  await page.getByRole('button', { name: /^Deactivate\W+Old laptop$/ }).click();
  const keep = page.getByRole('button', { name: 'Keep it' });
  expect(await keep.evaluate((node) => node === document.activeElement)).toBe(true);
  await keep.press('Enter');
  expect(await page.locator('.device-name', { hasText: 'Old laptop' }).count()).toBe(1);
  await page.getByRole('button', { name: /^Deactivate\W+Old laptop$/ }).click();
  await page.getByRole('button', { name: 'Yes, deactivate' }).click();
  await expect.poll(() => page.locator('.device-name', { hasText: 'Old laptop' }).count()).toBe(0);
  expect(state.otherDevices).toEqual([]);

  // Manage billing opens Stripe's portal in the owner's browser.
  await page.getByRole('button', { name: 'Manage billing' }).click();
  expect(await host.waitForOpenedUrl((url) => url.startsWith('https://billing.stripe.test/'))).toBe('https://billing.stripe.test/p/session/test_portal');

  await page.screenshot({ path: path.join(SCREENSHOTS, 'plan-activated.png'), fullPage: true });

  // A failed payment: publishing goes on until the grace date, and the page says until when.
  state.licence = { payload: (hash, now) => growthLease(hash, now, { status: 'past_due', graceUntil: now + 7 * 86_400_000 }) };
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect.poll(() => headline.textContent()).toMatch(/^Your last payment didn’t go through\. Publishing keeps working until \d{1,2} [A-Z][a-z]+ \d{4}\.$/);
  await page.getByText('Update your card in Manage billing to keep publishing after that.').waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'plan-grace.png'), fullPage: true });

  // The subscription ends: "Check now" shows it in plain words, with the ways forward.
  state.licence = 'lapsed';
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect.poll(() => headline.textContent()).toBe('Your plan has ended. Drafting still works; publishing is paused.');
  await page.getByText('Your subscription was cancelled.').waitFor();
  expect(await page.getByRole('button', { name: 'Choose Growth' }).isEnabled()).toBe(true);
  expect(await page.getByRole('textbox', { name: 'Licence key' }).count()).toBe(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'plan-lapsed.png'), fullPage: true });
  expect(problems).toEqual([]);
  expect(host.log()).not.toContain('AIQ-GROW-7K2M-9QXD');
}, 60_000);
