import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startLicenceServer, TEST_START, type LicenceServerHarness } from '../support/licence-server-harness';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { launchChromium, newContext, openApp } from './support/browser';

// A new owner buys Growth, end to end: Chromium drives the app (browser host, same core and
// renderer as Electron) against the real licence server on SQLite, which talks to the fake
// Stripe through the official SDK. The test plays the owner's browser for the checkout page and
// the OS for the `agencyiq://` link the success page offers.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

let browser: Browser;
let server: LicenceServerHarness | null = null;
const hosts: WebHostProcess[] = [];
let dataDir: string;
let problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.kill()));
  await server?.close();
  server = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
  problems = [];
});

afterAll(async () => {
  await browser?.close();
});

async function startHost(licenceServer: LicenceServerHarness): Promise<WebHostProcess> {
  const host = await startWebHost({
    dataDir,
    env: { AGENCYIQ_LICENCE_SERVER_URL: licenceServer.url, AGENCYIQ_LICENCE_PUBLIC_KEY: licenceServer.leasePublicKey },
  });
  hosts.push(host);
  return host;
}

test('a new owner picks Growth, pays in the browser, comes back through the deep link, and stays active after a restart', async () => {
  server = await startLicenceServer();
  // The server's clock is fixed for repeatable suites; start it at the real now so the lease
  // is current for the app, whose clock is the real one.
  server.clock.advance(Date.now() - TEST_START);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-licence-'));
  const first = await startHost(server);
  const context = await newContext(browser);
  const app = await openApp(context, first.url, problems);

  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plan' }).click();
  const headline = app.locator('#plan-headline');
  await expect.poll(() => headline.textContent()).toBe('No plan yet — you can draft freely; choose a plan to publish');
  await app.screenshot({ path: path.join(SCREENSHOTS, 'plan-none.png'), fullPage: true });

  // Choose Growth: the app asks the server for a checkout and opens it in the owner's browser.
  await app.getByRole('button', { name: 'Choose Growth' }).click();
  await app.getByRole('heading', { name: 'Waiting for your payment in the browser…' }).waitFor();
  expect(await app.getByRole('heading', { name: 'Waiting for your payment in the browser…' }).evaluate((node) => node === document.activeElement)).toBe(true);
  await app.screenshot({ path: path.join(SCREENSHOTS, 'plan-waiting-for-payment.png'), fullPage: true });
  const checkoutUrl = await first.waitForOpenedUrl((url) => url.startsWith(`${server!.fake.url}/checkout/pay/cs_test_`));

  // The owner's browser: the fake Stripe page; paying delivers signed webhooks to the server
  // and redirects to the server's success page, which links back into the app.
  const ownerBrowser = await context.newPage();
  await ownerBrowser.goto(checkoutUrl);
  await ownerBrowser.getByRole('button', { name: 'Pay' }).click();
  await ownerBrowser.getByRole('heading', { name: 'Payment received — go back to AgencyIQ' }).waitFor();
  const back = await ownerBrowser.getByRole('link', { name: 'Go back to AgencyIQ' }).getAttribute('href');
  expect(back).toMatch(/^agencyiq:\/\/licence\/success\?session_id=cs_test_[A-Za-z0-9]+$/);
  const licenceKey = (await ownerBrowser.locator('code').textContent())?.trim();
  expect(licenceKey).toBeTruthy();
  await ownerBrowser.close();

  // Still waiting until the link comes back (provisioning is the server's, the app only learns it on sync).
  expect(await headline.textContent()).toBe('No plan yet — you can draft freely; choose a plan to publish');
  first.deliverDeepLink(back as string);

  // The reset date is the end of the subscription's billing period at Stripe (the date on the
  // invoice), as the owner's computer shows dates.
  const timeZone = await app.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const periodEnd = [...server.fake.subscriptions.values()][0]?.items.data[0]?.current_period_end ?? 0;
  const resetsOn = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(periodEnd * 1000);
  const activeHeadline = `Growth — 27 of 27 posts left this cycle, resets on ${resetsOn}`;
  await expect.poll(() => headline.textContent(), { timeout: 15_000 }).toBe(activeHeadline);
  expect(await app.getByRole('heading', { name: 'Waiting for your payment in the browser…' }).count()).toBe(0);
  expect(await app.getByTestId('licence-key').textContent()).toBe(licenceKey);
  await app.locator('.device-row').first().waitFor();
  expect(await app.locator('.device-row', { hasText: 'This computer' }).count()).toBe(1);
  await app.screenshot({ path: path.join(SCREENSHOTS, 'plan.png'), fullPage: true });

  // Restart on the same data: still active at once, nothing to enter, no sign-in.
  await app.close();
  await first.stop();
  hosts.splice(hosts.indexOf(first), 1);
  const second = await startHost(server);
  const again = await openApp(context, second.url, problems, '#/plan');
  await expect.poll(() => again.locator('#plan-headline').textContent()).toBe(activeHeadline);
  expect(await again.getByRole('textbox', { name: 'Licence key' }).count()).toBe(0);
  expect(await again.getByRole('button', { name: /^Choose / }).count()).toBe(0);

  // Secrets stay out of the app's logs: no licence key, no bearer token, no lease.
  for (const log of [first.log(), second.log()]) {
    expect(log).not.toContain(licenceKey as string);
    expect(log).not.toMatch(/Bearer|v1\.[A-Za-z0-9_-]{40,}\./);
  }
  expect(problems).toEqual([]);
}, 90_000);
