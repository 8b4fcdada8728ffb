import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { UpdateStatus } from '@shared/ipc/updates-channels';
import { launchChromium, newContext, openApp } from './support/browser';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';

// The update banner in the real renderer over the real browser host. The browser host never
// updates itself (its state is `disabled`), so for the banner's own behaviour the page's bridge
// gets a scripted update feed: `updates.*` calls and `updates.changed` events go to the test,
// everything else (drafts, autosave) to the real host.

let browser: Browser;
let host: WebHostProcess | null = null;
let problems: string[] = [];
const dataDirs: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterEach(async () => {
  await host?.kill();
  host = null;
  problems = [];
});

afterAll(async () => {
  await browser?.close();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function startHost(): Promise<WebHostProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-updates-'));
  dataDirs.push(dir);
  host = await startWebHost({ dataDir: dir });
  return host;
}

/** Installs the scripted feed before the page's scripts run. */
async function scriptUpdates(page: Page, initial: UpdateStatus): Promise<void> {
  await page.addInitScript((first) => {
    const feed = { status: first, calls: [] as string[], listeners: new Set<(payload: unknown) => void>() };
    (window as unknown as { updateFeed: unknown }).updateFeed = {
      calls: feed.calls,
      push(status: unknown) {
        feed.status = status as typeof first;
        for (const listener of feed.listeners) listener(status);
      },
    };
    const define = Object.defineProperty;
    Object.defineProperty = function (target: object, key: PropertyKey, descriptor: PropertyDescriptor) {
      if (target === window && key === 'agencyiq') {
        const real = descriptor.value as { invoke(c: string, r: unknown): Promise<unknown>; on(e: string, l: (p: unknown) => void): () => void };
        descriptor = {
          ...descriptor,
          value: Object.freeze({
            invoke: (channel: string, request: unknown) => {
              if (!channel.startsWith('updates.')) return real.invoke(channel, request);
              feed.calls.push(channel);
              return Promise.resolve({ ok: true, value: feed.status });
            },
            on: (event: string, listener: (payload: unknown) => void) => {
              if (event !== 'updates.changed') return real.on(event, listener);
              feed.listeners.add(listener);
              return () => feed.listeners.delete(listener);
            },
          }),
        };
      }
      return define(target, key, descriptor);
    } as typeof Object.defineProperty;
  }, initial);
}

const push = (page: Page, status: UpdateStatus) => page.evaluate((s) => (window as unknown as { updateFeed: { push(s: unknown): void } }).updateFeed.push(s), status);
const calls = (page: Page) => page.evaluate(() => (window as unknown as { updateFeed: { calls: string[] } }).updateFeed.calls.slice());

test('the browser host shows no update banner: it does not update itself', async () => {
  const started = await startHost();
  const page = await openApp(await newContext(browser), started.url, problems, '#/compose');
  await page.getByLabel('Your post').fill('Checking the banner stays away.');
  expect(await page.evaluate(() => (window as unknown as { agencyiq: { invoke(c: string, r: unknown): Promise<unknown> } }).agencyiq.invoke('updates.status', {}))).toEqual({
    ok: true,
    value: { state: 'disabled', reason: expect.stringContaining('not available in the web browser') },
  });
  expect(await page.locator('.update-banner').count()).toBe(0);
  expect(problems).toEqual([]);
});

test('an update arrives while the owner writes: a quiet banner, focus and text untouched, restart on request', async () => {
  const started = await startHost();
  const context = await newContext(browser);
  const page = await context.newPage();
  await scriptUpdates(page, { state: 'idle', lastCheckedAt: null });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${started.url}#/compose`);
  const body = page.getByLabel('Your post');
  await body.click();
  await body.pressSequentially('Fresh sourdough ', { delay: 5 });

  await push(page, { state: 'available', version: '0.2.0', releaseNotes: 'Faster drafts list.' });
  const banner = page.getByRole('status').filter({ hasText: 'AgencyIQ 0.2.0 is available.' });
  await banner.waitFor();
  // The banner never takes the caret: typing carries on into the post.
  expect(await body.evaluate((element) => element === document.activeElement)).toBe(true);
  await page.keyboard.type('out of the oven at 7.');
  expect(await body.inputValue()).toBe('Fresh sourdough out of the oven at 7.');
  expect(await page.locator('[role="dialog"], dialog[open]').count()).toBe(0);

  await page.getByRole('button', { name: 'Download' }).click();
  expect(await calls(page)).toContain('updates.download');
  await push(page, { state: 'downloading', version: '0.2.0', percent: 40, bytesPerSecond: 900_000, transferred: 40, total: 100 });
  await page.getByText('Downloading AgencyIQ 0.2.0…').waitFor();
  expect(await page.getByRole('progressbar', { name: 'Download progress' }).getAttribute('value')).toBe('40');

  await push(page, { state: 'ready', version: '0.2.0', releaseNotes: null, restartDeferred: false });
  await page.getByRole('button', { name: 'Later' }).click();
  expect(await page.getByRole('button', { name: 'Restart to update' }).count()).toBe(0);

  // Something new to say brings it back: the restart is waiting for a post to finish publishing.
  await push(page, { state: 'ready', version: '0.2.0', releaseNotes: null, restartDeferred: true });
  await page.getByText(/restart to update as soon as the post that is publishing has gone out/).waitFor();

  await push(page, { state: 'ready', version: '0.2.1', releaseNotes: null, restartDeferred: false });
  await page.getByRole('button', { name: 'Restart to update' }).click();
  expect(await calls(page)).toContain('updates.restart');
  expect(await body.inputValue()).toBe('Fresh sourdough out of the oven at 7.');
  expect(problems).toEqual([]);
});
