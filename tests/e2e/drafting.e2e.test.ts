import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { xWeightedLength } from '@shared/platforms/x-weighted-length';
import { launchChromium, newContext, openApp, waitForSaved } from './support/browser';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';

// The owner's first session, end to end: Playwright drives Debian Chromium through the browser
// host (same renderer, same core, IPC over a WebSocket), with everything off the machine blocked.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

const PROFILE = {
  businessName: 'Noosa Bean Roasters',
  offering: 'Small-batch coffee roasted daily, and a café by the river.',
  audience: 'Locals and holiday-makers on the Sunshine Coast who love good coffee.',
  toneOfVoice: 'Warm, relaxed and a bit cheeky.',
  website: 'https://noosabean.example.com.au',
};

// Under 280 for X on its own; over once the second part is typed (its URL counts as 23).
const FIRST_PART =
  'New this week at Noosa Bean Roasters: our Lamington Blend, roasted with notes of cocoa, coconut and ' +
  'raspberry. Pop in for a free taste between 7 and 10 am, Monday to Friday.';
const SECOND_PART =
  ' Bring a mate, grab a pastry from the bakery next door, and tell us what you think of it. ' +
  'Details and opening hours: https://noosabean.example.com.au/lamington-blend-launch-week';
const FULL_TEXT = FIRST_PART + SECOND_PART;
const SECOND_DRAFT = 'Sunday market stall at Eumundi this weekend. Come and say g’day!';

let browser: Browser;
const dataDirs: string[] = [];
const hosts: WebHostProcess[] = [];
let problems: string[] = [];

async function host(dataDir: string): Promise<WebHostProcess> {
  const started = await startWebHost({ dataDir });
  hosts.push(started);
  return started;
}

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-'));
  dataDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((started) => started.kill()));
  problems = [];
});

afterAll(async () => {
  await browser?.close();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

test(
  'an owner fills the profile, drafts for X and LinkedIn, restarts, finds, deletes and restores the draft',
  async () => {
    const dataDir = freshDataDir();
    const first = await host(dataDir);
    const context = await newContext(browser);
    let page = await openApp(context, first.url, problems);

    // Business profile; the time zone starts on Brisbane.
    await page.getByRole('link', { name: 'Brand' }).click();
    const timeZone = page.getByLabel('Time zone');
    await timeZone.waitFor();
    expect(await timeZone.inputValue()).toBe('Australia/Brisbane');
    await page.getByLabel('Business name').fill(PROFILE.businessName);
    await page.getByLabel('What you sell').fill(PROFILE.offering);
    await page.getByLabel('Who your customers are').fill(PROFILE.audience);
    await page.getByLabel('Tone of voice').fill(PROFILE.toneOfVoice);
    await page.getByLabel('Website').fill(PROFILE.website);
    await page.getByRole('button', { name: 'Save' }).click();
    await waitForSaved(page);

    // A draft for X and LinkedIn; the X counter shows when it is past 280 weighted characters.
    await page.getByRole('link', { name: 'Compose' }).click();
    const body = page.getByLabel('Your post');
    await body.fill(FIRST_PART);
    await page.getByRole('checkbox', { name: 'X', exact: true }).check();
    await page.getByRole('checkbox', { name: 'LinkedIn', exact: true }).check();
    const xCounter = page.getByTestId('counter-x-text');
    const linkedInCounter = page.getByTestId('counter-linkedin-text');
    expect(xWeightedLength(FIRST_PART)).toBeLessThanOrEqual(280);
    await expect.poll(() => xCounter.textContent()).toContain(`X ${xWeightedLength(FIRST_PART)} / 280`);
    expect(await xCounter.getAttribute('data-over')).toBeNull();

    await body.pressSequentially(SECOND_PART, { delay: 2 });
    const weighted = xWeightedLength(FULL_TEXT);
    expect(weighted).toBeGreaterThan(280);
    await expect.poll(() => xCounter.getAttribute('data-over')).toBe('true');
    expect(await xCounter.textContent()).toContain(`X ${weighted} / 280`);
    // What to do about it is said once, beside X (compose-post-to.e2e.test.ts), not in the counter.
    await expect.poll(() => page.getByRole('list', { name: 'Before X can be scheduled' }).innerText()).toContain(`Shorten it by ${weighted - 280}.`);
    expect(await linkedInCounter.getAttribute('data-over')).toBeNull();
    expect(await linkedInCounter.textContent()).toContain(`LinkedIn ${[...FULL_TEXT].length} / 3,000`);

    await waitForSaved(page);
    const draftId = /#\/compose\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    expect(draftId).toBeDefined();
    // The journal of unsaved edits is emptied once the save is acknowledged.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('journal')))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose.png'), fullPage: true });

    // A second draft, so that search has something to leave out.
    await page.getByRole('link', { name: 'New draft' }).click();
    await page.getByLabel('Your post').fill(SECOND_DRAFT);
    await page.getByRole('checkbox', { name: 'Facebook', exact: true }).check();
    await page.getByRole('checkbox', { name: 'LinkedIn', exact: true }).check();
    await waitForSaved(page);
    await page.close();

    // Stop the host and start it again on the same data folder: draft and profile are there.
    await first.stop();
    const second = await host(dataDir);
    page = await openApp(context, second.url, problems, `#/compose/${draftId}`);
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe(FULL_TEXT);
    expect(await page.getByRole('checkbox', { name: 'X', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'LinkedIn', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Facebook', exact: true }).isChecked()).toBe(false);
    expect(await page.getByTestId('counter-x-text').getAttribute('data-over')).toBe('true');

    await page.getByRole('link', { name: 'Brand' }).click();
    await page.getByLabel('Business name').waitFor();
    expect(await page.getByLabel('Business name').inputValue()).toBe(PROFILE.businessName);
    expect(await page.getByLabel('What you sell').inputValue()).toBe(PROFILE.offering);
    expect(await page.getByLabel('Who your customers are').inputValue()).toBe(PROFILE.audience);
    expect(await page.getByLabel('Tone of voice').inputValue()).toBe(PROFILE.toneOfVoice);
    expect(await page.getByLabel('Website').inputValue()).toBe(PROFILE.website);
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Australia/Brisbane');

    // The drafts list, newest first; search finds the draft.
    await page.getByRole('link', { name: 'Drafts' }).click();
    const rows = page.getByRole('list', { name: 'Your drafts' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Sunday market stall');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'drafts-list.png'), fullPage: true });

    await page.getByLabel('Search drafts').fill('lamington');
    await expect.poll(() => rows.count()).toBe(1);
    const found = rows.first();
    expect(await found.textContent()).toContain('Lamington Blend');
    expect(await found.textContent()).toContain('LinkedIn');

    // Delete moves it to the bin at once; Undo brings it back, and it stays back after a reload.
    await found.getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByText('Draft deleted.').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Draft restored.').waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    await page.reload();
    await page.getByLabel('Search drafts').fill('lamington');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByRole('link').click();
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe(FULL_TEXT);

    expect(problems).toEqual([]);
    await context.close();
    await second.stop();
  },
  120_000,
);

test(
  'customised text and a YouTube title are counted where they are typed',
  async () => {
    const started = await host(freshDataDir());
    const context = await newContext(browser);
    let page = await openApp(context, started.url, problems);

    // A draft saved with YouTube among its targets (as the composer saves one).
    const id = crypto.randomUUID();
    await page.evaluate(
      (draftId) =>
        (window as unknown as { agencyiq: { invoke: (channel: string, request: unknown) => Promise<unknown> } }).agencyiq.invoke('drafts.save', {
          id: draftId,
          body: 'a'.repeat(300),
          targets: [
            { platform: 'x', text: null, title: null },
            { platform: 'youtube', text: null, title: null },
          ],
        }),
      id,
    );
    await page.close();
    page = await openApp(context, started.url, problems, `#/compose/${id}`);
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe('a'.repeat(300));
    expect(await page.getByTestId('counter-x-text').getAttribute('data-over')).toBe('true');

    // X gets its own, shorter wording: its counter moves under that text and is no longer over.
    await page.getByRole('checkbox', { name: 'Customise for X' }).check();
    const xText = page.getByLabel('Text for X');
    expect(await xText.inputValue()).toBe('a'.repeat(300));
    await xText.fill('Short and sweet for X: https://example.com.au/a-very-long-link-that-still-counts-as-23');
    const xCounter = page.getByTestId('counter-x-text');
    await expect.poll(() => xCounter.textContent()).toContain('X 46 / 280');
    expect(await xCounter.getAttribute('data-over')).toBeNull();
    expect(await page.getByTestId('counter-youtube-text').textContent()).toContain('YouTube description 300 / 5,000');

    await page.getByLabel('Video title').fill('t'.repeat(101));
    const title = page.getByTestId('counter-youtube-title');
    await expect.poll(() => title.getAttribute('data-over')).toBe('true');
    expect(await title.textContent()).toContain('YouTube title 101 / 100');

    // Unticking and ticking "Customise" again brings the owner's wording back.
    await page.getByRole('checkbox', { name: 'Customise for X' }).uncheck();
    await page.getByRole('checkbox', { name: 'Customise for X' }).check();
    expect(await page.getByLabel('Text for X').inputValue()).toContain('Short and sweet for X');
    await waitForSaved(page);

    await page.reload();
    await expect.poll(() => page.getByLabel('Text for X').inputValue()).toContain('Short and sweet for X');
    expect(await page.getByLabel('Video title').inputValue()).toBe('t'.repeat(101));
    expect(problems).toEqual([]);
    await context.close();
  },
  60_000,
);
