import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addDays, formatLocalDate, isoWeekday, formatLocalTime, parseLocalDate, wallPartsAt } from '../../shared/time/zoned-time';
import { contractLicenceScript, type ContractServerState } from '../support/contract-licence-script';
import { createLeaseSigner } from '../support/lease-signer';
import { approveInBrowser, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { startScriptedHttpServer, type ScriptedHttpServer } from '../support/scripted-http-server';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { launchChromium, newContext, openApp, waitForSaved } from './support/browser';

// Scheduling and publishing end to end, on the real clock: Chromium drives the browser host; the
// plan comes from a licence server speaking the contract (Growth, 27 posts a cycle); X is
// connected through its local authorization server; posts go to the X fake.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const ZONE = 'Australia/Brisbane';
const signer = createLeaseSigner();

let browser: Browser;
let fakes: OAuthFakes;
let licence: ScriptedHttpServer;
let host: WebHostProcess;
const problems: string[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-publishing-'));

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  fakes = await startOAuthFakes();
  const state: ContractServerState = { licence: 'none', licenceKey: 'AIQ-GROW-PUB1-2345', now: Date.now, tokens: new Map(), sessionsOpened: 0, otherDevices: [] };
  licence = await startScriptedHttpServer(contractLicenceScript(signer, state));
  host = await startWebHost({
    dataDir,
    env: { ...fakes.env, AGENCYIQ_LICENCE_SERVER_URL: licence.url, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw },
  });
}, 60_000);

afterAll(async () => {
  await host?.kill();
  await browser?.close();
  await licence?.close();
  await fakes?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A Brisbane wall-clock day and time for `instant`, as the date and time inputs take them. */
function brisbane(instant: number): { date: string; time: string } {
  const wall = wallPartsAt(instant, ZONE);
  return { date: formatLocalDate(wall), time: formatLocalTime(wall.hour * 60 + wall.minute) };
}

async function writePost(page: Page, text: string): Promise<void> {
  await go(page, 'Compose');
  await page.getByLabel('Your post').fill(text);
  await page.getByRole('checkbox', { name: 'X' }).check();
  await waitForSaved(page);
}

/** Connects X on the Connections page through the local authorization server. */
async function connectX(page: Page): Promise<void> {
  await go(page, 'Connections');
  const x = page.getByRole('region', { name: 'X', exact: true });
  const opened = host.openedUrls().length;
  await x.getByRole('button', { name: 'Connect X' }).click();
  const authorizeUrl = await host.waitForOpenedUrl((url) => url.startsWith(fakes.servers.x.authorizeUrl), { after: opened });
  host.deliverDeepLink(await approveInBrowser(authorizeUrl));
  await expect.poll(() => x.getByRole('status').innerText()).toContain('Connected as @paddosourdough');
}

async function disconnectX(page: Page): Promise<void> {
  await go(page, 'Connections');
  const x = page.getByRole('region', { name: 'X', exact: true });
  await x.getByRole('button', { name: 'Disconnect' }).click();
  await x.getByRole('button', { name: 'Yes, disconnect' }).click();
  await expect.poll(() => x.getByRole('status').innerText()).toBe('Not connected.');
}

/** Follows a link in the sidebar. */
async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

function schedulePanel(page: Page) {
  return page.getByRole('region', { name: 'Schedule' });
}

test('schedule a post on the calendar, move it, and see it published on X with the quota going down', async () => {
  const context = await newContext(browser);
  const page = await openApp(context, host.url, problems, '#/plan');

  // A Growth plan on this computer.
  await page.getByRole('textbox', { name: 'Licence key' }).fill('AIQ-GROW-PUB1-2345');
  await page.getByRole('button', { name: 'Activate this computer' }).click();
  await expect.poll(() => page.locator('#plan-headline').textContent()).toMatch(/^Growth — 27 of 27 posts left this cycle/);

  // A post for X before X is connected: the problem is shown beside X and scheduling is off.
  const later = 'Fresh sourdough every Saturday from 7 am. Come early! #bakery';
  await writePost(page, later);
  const xCard = page.getByRole('region', { name: 'X', exact: true });
  await xCard.getByRole('list', { name: 'Before X can be scheduled' }).waitFor();
  const panel = schedulePanel(page);
  await panel.getByText('Brisbane time', { exact: true }).waitFor();
  expect(await panel.getByRole('button', { name: /^Schedule for / }).isDisabled()).toBe(true);
  await panel.getByText(/Fix what is marked beside X above/).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-schedule-problem.png'), fullPage: true });
  const laterUrl = page.url();

  // Connect X in the browser.
  await connectX(page);

  // Back to the post: nothing in the way now. Schedule it for the day after tomorrow at 10:00.
  await page.goto(laterUrl);
  await schedulePanel(page).getByRole('button', { name: /^Schedule for / }).waitFor();
  await expect.poll(() => schedulePanel(page).getByRole('button', { name: /^Schedule for / }).isEnabled()).toBe(true);
  expect(await page.getByRole('list', { name: 'Before X can be scheduled' }).count()).toBe(0);
  const inTwoDays = formatLocalDate(addDays(parseLocalDate(brisbane(Date.now()).date)!, 2));
  await schedulePanel(page).getByLabel('Date').fill(inTwoDays);
  await schedulePanel(page).getByLabel('Time').fill('10:00');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-schedule.png'), fullPage: true });
  await schedulePanel(page).getByRole('button', { name: /^Schedule for .*10:00 am$/ }).click();
  await page.getByText(/^Scheduled for .*10:00 am/).waitFor();

  // The calendar: month view, the post on its day, labelled with its platform.
  await go(page, 'Calendar');
  await page.getByRole('heading', { name: /Brisbane time/ }).waitFor();
  if (inTwoDays.slice(0, 7) !== brisbane(Date.now()).date.slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();
  const at10 = /^10:00 am, X: Fresh sourdough/;
  await page.locator(`td[data-date="${inTwoDays}"]`).getByRole('button', { name: at10 }).waitFor();

  // Drag it to a neighbouring day in the same week (still ahead): it keeps its time.
  const neighbour = formatLocalDate(addDays(parseLocalDate(inTwoDays)!, isoWeekday(parseLocalDate(inTwoDays)!) < 7 ? 1 : -1));
  await page.getByRole('button', { name: at10 }).dragTo(page.locator(`td[data-date="${neighbour}"]`));
  await page.getByText(/^Moved “Fresh sourdough.*” to .*10:00 am\./).waitFor();
  await expect.poll(() => page.locator(`td[data-date="${neighbour}"]`).getByRole('button', { name: at10 }).count()).toBe(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-month.png'), fullPage: true });

  // A move the scheduler refuses snaps back and says why: with X disconnected, it cannot be moved.
  await disconnectX(page);
  await go(page, 'Calendar');
  if (inTwoDays.slice(0, 7) !== brisbane(Date.now()).date.slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();
  await page.getByRole('button', { name: at10 }).dragTo(page.locator(`td[data-date="${inTwoDays}"]`));
  await page.getByText(/^“Fresh sourdough.*” stays at .*10:00 am\. .*X/).waitFor();
  expect(await page.locator(`td[data-date="${neighbour}"]`).getByRole('button', { name: at10 }).count()).toBe(1);
  expect(await page.locator(`td[data-date="${inTwoDays}"]`).getByRole('button', { name: at10 }).count()).toBe(0);
  await connectX(page);
  await go(page, 'Calendar');
  if (inTwoDays.slice(0, 7) !== brisbane(Date.now()).date.slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();

  // Keyboard: focus the post, Enter opens it; reschedule it in the dialog.
  await page.getByRole('button', { name: at10 }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/^Scheduled for .*10:00 am/).waitFor();
  await dialog.getByRole('button', { name: 'Reschedule' }).click();
  await dialog.getByLabel('Time').fill('11:30');
  await dialog.getByRole('button', { name: /^Move to .*11:30 am$/ }).click();
  await dialog.getByText(/^Scheduled for .*11:30 am/).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^11:30 am, X/ }).waitFor();

  // Week view (the post's week), then everything upcoming.
  await page.getByRole('button', { name: 'Week', exact: true }).click();
  await page.getByRole('button', { name: 'Today', exact: true }).click();
  if ((await page.getByRole('button', { name: /^11:30 am, X/ }).count()) === 0) await page.getByRole('button', { name: 'Next week' }).click();
  await page.locator(`td[data-date="${neighbour}"][data-hour="11"]`).getByRole('button', { name: /^11:30 am, X/ }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-week.png'), fullPage: true });
  await page.getByRole('button', { name: 'Upcoming', exact: true }).click();
  await page.getByRole('button', { name: /^11:30 am, X/ }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-list.png'), fullPage: true });

  expect(problems).toEqual([]);
  await context.close();
}, 180_000);
