import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { launchChromium, newContext, openApp } from './support/browser';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { approveInBrowser, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';

// Connecting accounts end to end: Chromium drives the Connections page of the browser host; the
// host "opens the browser" by printing the authorize URL; the test plays the owner's browser
// against the local authorization servers and delivers the redirect back as the OS would.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

let browser: Browser;
let fakes: OAuthFakes;
let licenceServer: LicenceServerHarness;
const hosts: WebHostProcess[] = [];
const problems: string[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-connections-'));

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  fakes = await startOAuthFakes();
  licenceServer = await startLicenceServer({ oauthRelay: fakes.relayConfig });
}, 60_000);

afterAll(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.kill()));
  await browser?.close();
  await licenceServer?.close();
  await fakes?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startHost(): Promise<WebHostProcess> {
  const host = await startWebHost({ dataDir, env: { ...fakes.env, AGENCYIQ_LICENCE_SERVER_URL: licenceServer.url } });
  hosts.push(host);
  return host;
}

function card(page: Page, label: string) {
  return page.getByRole('region', { name: label, exact: true });
}

function databaseBytes(): Buffer {
  const files = [DATABASE_FILE_NAME, `${DATABASE_FILE_NAME}-wal`].map((name) => path.join(dataDir, name)).filter((file) => fs.existsSync(file));
  return Buffer.concat(files.map((file) => fs.readFileSync(file)));
}

test('connect X (deep link) and LinkedIn (relay) in the browser, stay connected across a restart, disconnect wipes them', async () => {
  let host = await startHost();
  const context = await newContext(browser);
  let page = await openApp(context, host.url, problems, '#/connections');
  await expect.poll(() => page.title()).toBe('Connections – AgencyIQ');

  const x = card(page, 'X');
  await x.getByRole('button', { name: 'Connect X' }).click();
  const authorizeUrl = await host.waitForOpenedUrl((url) => url.startsWith(fakes.servers.x.authorizeUrl));
  await x.getByText('Waiting for you to finish signing in in your web browser…').waitFor();
  await x.getByRole('button', { name: 'Cancel' }).waitFor();

  const callback = await approveInBrowser(authorizeUrl);
  expect(callback.startsWith('agencyiq://oauth/x?')).toBe(true);
  host.deliverDeepLink(callback);
  await x.getByText('Connected as').waitFor();
  await expect.poll(() => x.getByRole('status').innerText()).toContain('Connected as @paddosourdough');

  // The relay serves computers with a plan: once the app has signed in (its start-up sync), give it one.
  await expect.poll(async () => (await licenceServer.db.db.selectFrom('devices').select('id').execute()).length, { timeout: 10_000 }).toBeGreaterThan(0);
  await licenceServer.grantPlanToUnlicensedDevices();

  // LinkedIn through the licence server: provider → relay (code exchanged with the secret) → app.
  const linkedin = card(page, 'LinkedIn');
  await linkedin.getByRole('button', { name: 'Connect LinkedIn' }).click();
  const linkedinAuthorize = await host.waitForOpenedUrl((url) => url.startsWith(fakes.servers.linkedin.authorizeUrl));
  const atRelay = await approveInBrowser(linkedinAuthorize);
  expect(atRelay.startsWith(licenceServer.url)).toBe(true);
  const relayed = await fetch(atRelay, { redirect: 'manual' });
  expect(relayed.status).toBe(302);
  host.deliverDeepLink(relayed.headers.get('location')!);
  await expect.poll(() => linkedin.getByRole('status').innerText()).toContain('Connected as Sam Baker');

  await page.screenshot({ path: path.join(SCREENSHOTS, 'connections.png'), fullPage: true });

  // Only ciphertext on disk: the access token the server issued is not in the database file.
  const accessToken = [...fakes.servers.x.issuedAccessTokens].at(-1)!;
  expect(databaseBytes().includes(Buffer.from(accessToken))).toBe(false);

  // Restart: still connected. (The page goes first: left open, its bridge would retry the stopped host.)
  await page.close();
  await host.stop();
  host = await startHost();
  page = await openApp(context, host.url, problems, '#/connections');
  await expect.poll(() => card(page, 'X').getByRole('status').innerText()).toContain('Connected as @paddosourdough');
  await expect.poll(() => card(page, 'LinkedIn').getByRole('status').innerText()).toContain('Connected as Sam Baker');

  const before = new BetterSqlite3(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  const ciphertexts = (before.prepare('SELECT token_ciphertext FROM connections').all() as Array<{ token_ciphertext: Buffer }>).map((r) => r.token_ciphertext);
  before.close();
  expect(ciphertexts).toHaveLength(2);

  // Disconnect, with a confirmation first.
  const revokesBefore = fakes.servers.x.revokeRequests.length;
  await card(page, 'X').getByRole('button', { name: 'Disconnect' }).click();
  const confirm = card(page, 'X').getByRole('button', { name: 'Yes, disconnect' });
  await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => card(page, 'X').getByRole('status').innerText()).toBe('Not connected.');
  // X was asked to revoke both tokens.
  expect(fakes.servers.x.revokeRequests.length - revokesBefore).toBe(2);

  // LinkedIn cannot revoke; the confirmation says so, and the local sign-in is wiped.
  await card(page, 'LinkedIn').getByRole('button', { name: 'Disconnect' }).click();
  await card(page, 'LinkedIn').getByText('LinkedIn does not let apps withdraw their own access').waitFor();
  await card(page, 'LinkedIn').getByRole('button', { name: 'Yes, disconnect' }).click();
  await expect.poll(() => card(page, 'LinkedIn').getByRole('status').innerText()).toBe('Not connected.');

  await page.close();
  await host.stop();
  const after = new BetterSqlite3(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  expect(after.prepare('SELECT count(*) AS n FROM connections').get()).toEqual({ n: 0 });
  after.close();
  // secure_delete: not even the deleted ciphertext survives in the file's free pages.
  for (const ciphertext of ciphertexts) expect(databaseBytes().includes(ciphertext)).toBe(false);

  expect(problems).toEqual([]);
  await context.close();
}, 90_000);
