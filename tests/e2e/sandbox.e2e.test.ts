import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OPEN_EXTERNAL_PREFIX } from '../../electron/web-host/open-external-line';
import { launchChromium, newContext, openApp, waitForSaved } from './support/browser';

// `npm run sandbox` as a newcomer uses it: the sandbox process starts everything; Chromium plays
// the newcomer's browser for the app and for every page the app opens (the local sign-in pages,
// the fake Stripe's Pay page, the post on the local X). Nothing is delivered by the test: the
// sandbox's gateways hand the `agencyiq://` links to the app as the OS would.

const SANDBOX_ENTRY = fileURLToPath(new URL('../../out/sandbox/sandbox.mjs', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

let browser: Browser;
let sandbox: ChildProcessWithoutNullStreams | null = null;
let output = '';
const problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  if (sandbox && sandbox.exitCode === null && sandbox.signalCode === null) sandbox.kill('SIGKILL');
  await browser?.close();
});

/** Resolves with the first match of `pattern` in the sandbox's output (after `from` characters). */
async function waitForOutput(pattern: RegExp, from = 0, timeoutMs = 30_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output.slice(from));
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`The sandbox printed nothing matching ${pattern} within ${timeoutMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Clicks `button` in the app and returns the page the app then asked the browser to open. */
async function opensInBrowser(click: () => Promise<void>): Promise<string> {
  const before = output.length;
  await click();
  const match = await waitForOutput(new RegExp(`^${OPEN_EXTERNAL_PREFIX}(\\S+)$`, 'm'), before);
  return match[1]!;
}

function card(page: Page, label: string) {
  return page.getByRole('region', { name: label, exact: true });
}

/** Connects a network the way the newcomer does: Connect, the local sign-in page, Approve. */
async function connect(app: Page, context: BrowserContext, label: string, connectedAs: string): Promise<void> {
  const signIn = await opensInBrowser(() => card(app, label).getByRole('button', { name: `Connect ${label}` }).click());
  const tab = await context.newPage();
  await tab.goto(signIn);
  await tab.getByRole('heading', { name: /^Allow AgencyIQ to use your .+ account\?$/ }).waitFor();
  if (label === 'X') await tab.screenshot({ path: path.join(SCREENSHOTS, 'sandbox-sign-in-x.png') });
  await tab.getByRole('button', { name: 'Approve' }).click();
  // Back through the gateway, which handed the app its link: the page says so.
  await tab.getByRole('heading', { name: 'Back to AgencyIQ' }).waitFor();
  // The one-time code travelled to the app; the page does not show it.
  expect(await tab.content()).not.toMatch(/code=|handoff=/);
  if (label === 'X') await tab.screenshot({ path: path.join(SCREENSHOTS, 'sandbox-back-to-app.png') });
  await tab.close();
  await expect.poll(() => card(app, label).getByRole('status').innerText(), { timeout: 15_000 }).toContain(connectedAs);
}

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

test('a newcomer starts the sandbox, connects X, buys Growth, connects LinkedIn and Facebook, publishes and opens the post on the local X', async () => {
  sandbox = spawn(process.execPath, [SANDBOX_ENTRY, '--no-open'], { stdio: ['pipe', 'pipe', 'pipe'] });
  sandbox.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  sandbox.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // The exact address the browser host printed (it may carry a per-launch secret): never rebuilt.
  const appUrl = (await waitForOutput(/^Open AgencyIQ: (\S+)$/m))[1]!;
  const xSite = (await waitForOutput(/^ {2}X {16}(\S+)$/m))[1]!;
  const dataDir = (await waitForOutput(/^Data folder: (.+) \(thrown away when the sandbox stops\)$/m))[1]!;
  expect(fs.existsSync(dataDir)).toBe(true);

  const context = await newContext(browser);
  const app = await openApp(context, appUrl, problems, '#/connections');
  expect(await app.getByRole('note').innerText()).toBe('Sandbox — nothing leaves this computer');

  // X signs in with the app's own client; LinkedIn and Facebook go through AgencyIQ's relay,
  // which lends its clients only to a computer on a plan, so they come after buying Growth.
  await connect(app, context, 'X', 'Connected as @paddosourdough');

  // Plan: prices from the licence server's list (read from the fake Stripe's prices); buy Growth.
  await go(app, 'Plan');
  const headline = app.locator('#plan-headline');
  await expect.poll(() => headline.textContent()).toBe('No plan yet — you can draft freely; choose a plan to publish');
  await expect.poll(() => app.getByTestId('price-growth').textContent()).toBe('$59 AUD a month');
  expect(await app.getByTestId('price-starter').textContent()).toBe('$29 AUD a month');
  expect(await app.getByTestId('price-professional').textContent()).toBe('$99 AUD a month');
  const checkout = await opensInBrowser(() => app.getByRole('button', { name: 'Choose Growth' }).click());
  const pay = await context.newPage();
  await pay.goto(checkout);
  await pay.getByRole('button', { name: 'Pay' }).click();
  await pay.getByRole('heading', { name: 'Payment received — go back to AgencyIQ' }).waitFor();
  await pay.getByRole('link', { name: 'Go back to AgencyIQ' }).click();
  await pay.getByRole('heading', { name: 'Back to AgencyIQ' }).waitFor();
  await pay.close();
  await expect.poll(() => headline.textContent(), { timeout: 15_000 }).toMatch(/^Growth — 27 of 27 posts left this cycle, resets on /);
  expect(await app.getByRole('alert').count()).toBe(0);
  await app.screenshot({ path: path.join(SCREENSHOTS, 'sandbox-plan.png'), fullPage: true });

  await go(app, 'Connections');
  await connect(app, context, 'LinkedIn', 'Connected as Sam Baker');
  await connect(app, context, 'Facebook', 'Paddington Sourdough');
  await app.screenshot({ path: path.join(SCREENSHOTS, 'sandbox-connections.png'), fullPage: true });

  // Publish to all three now.
  const text = 'Sandbox sourdough: fresh loaves at 7 am, every day this week.';
  await go(app, 'Compose');
  await app.getByLabel('Your post').fill(text);
  for (const network of ['X', 'LinkedIn', 'Facebook']) await app.getByRole('checkbox', { name: network }).check();
  await waitForSaved(app);
  await app.getByRole('region', { name: 'Schedule' }).getByRole('button', { name: 'Publish now' }).click();
  await app.getByRole('alertdialog', { name: 'Publish this post now?' }).getByRole('button', { name: 'Yes, publish now' }).click();
  await expect.poll(() => app.title()).toBe('Publishing – AgencyIQ');
  const row = app.getByRole('region', { name: 'Recent' }).getByRole('listitem').filter({ hasText: text });
  for (const network of ['X', 'LinkedIn', 'Facebook']) await row.getByRole('link', { name: `View on ${network}` }).waitFor({ timeout: 30_000 });
  await expect.poll(() => app.locator('#quota-line').textContent()).toMatch(/^Growth — 26 of 27 posts left this cycle/);
  const dismiss = app.getByRole('button', { name: 'Dismiss message' });
  if (await dismiss.isVisible()) await dismiss.click();
  await app.screenshot({ path: path.join(SCREENSHOTS, 'sandbox-publishing.png'), fullPage: true });

  // "View on X" opens the post on the local X.
  const viewOnX = row.getByRole('link', { name: 'View on X' });
  expect(await viewOnX.getAttribute('href')).toMatch(new RegExp(`^${xSite}/i/web/status/\\d+$`));
  const [post] = await Promise.all([context.waitForEvent('page'), viewOnX.click()]);
  await post.getByTestId('post-text').waitFor();
  expect(await post.getByTestId('post-text').innerText()).toBe(text);
  await post.screenshot({ path: path.join(SCREENSHOTS, 'sandbox-view-on-x.png') });
  await post.close();

  expect(problems).toEqual([]);
  await context.close();

  // Ctrl+C: everything stops cleanly and the throwaway data folder is gone.
  const exited = new Promise<number | null>((resolve) => sandbox!.once('exit', (code) => resolve(code)));
  sandbox.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('Sandbox stopped.');
  expect(fs.existsSync(dataDir)).toBe(false);
}, 180_000);
