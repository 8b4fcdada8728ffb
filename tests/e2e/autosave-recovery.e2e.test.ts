import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { launchChromium, newContext, openApp, waitForSaved } from './support/browser';
import { connectIpc } from '../support/ipc-socket-client';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';

// Nothing typed is lost: not on a reload straight after typing, not when the host dies
// mid-edit. The renderer journals every edit to localStorage until its save is acknowledged.

let browser: Browser;
let dataDir: string;
const hosts: WebHostProcess[] = [];
let problems: string[] = [];

async function host(port = 0): Promise<WebHostProcess> {
  const started = await startWebHost({ dataDir, port });
  hosts.push(started);
  return started;
}

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((started) => started.kill()));
  fs.rmSync(dataDir, { recursive: true, force: true });
  problems = [];
});

afterAll(async () => {
  await browser?.close();
});

test(
  'text typed just before a reload is there after it',
  async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-'));
    const started = await host();
    const context = await newContext(browser);
    const page = await openApp(context, started.url, problems, '#/compose');
    await page.getByLabel('Your post').fill('Typed, then reloaded before the autosave pause ended.');
    await page.reload();
    await expect
      .poll(() => page.getByLabel('Your post').inputValue())
      .toBe('Typed, then reloaded before the autosave pause ended.');
    await waitForSaved(page);
    expect(problems).toEqual([]);
    await context.close();
  },
  60_000,
);

test(
  'text typed while the host is down is saved when the app comes back',
  async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-'));
    const first = await host();
    const port = Number(new URL(first.url).port);
    const context = await newContext(browser);
    let page = await openApp(context, first.url, problems, '#/compose');
    const body = page.getByLabel('Your post');
    await body.fill('Acknowledged part.');
    await waitForSaved(page);
    const draftUrl = page.url();

    // The host crashes; the owner keeps typing and is told, in words, that it is not saved yet.
    await first.kill('SIGKILL');
    await body.pressSequentially(' Typed while AgencyIQ was down.', { delay: 5 });
    await page.getByText('Not saved yet', { exact: true }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'not saved yet' }).waitFor();
    await page.close();

    // Same port, so the same origin and the same localStorage: the journal is found and saved.
    const second = await host(port);
    page = await openApp(context, second.url, problems, new URL(draftUrl).hash);
    await page.getByText('They are saved now.').waitFor();
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe('Acknowledged part. Typed while AgencyIQ was down.');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('journal')))).toEqual([]);
    await context.close();

    // It is on disk, not only in this browser: a fresh browser profile after a clean restart sees it.
    await second.stop();
    const third = await host();
    const fresh = await newContext(browser);
    page = await openApp(fresh, third.url, problems, new URL(draftUrl).hash);
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe('Acknowledged part. Typed while AgencyIQ was down.');
    await fresh.close();

    // The only console errors allowed are the bridge's failed reconnects while the host was down
    // (refused, or reset when the host stopped with a request of the page's still open).
    expect(problems.filter((problem) => !/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|WebSocket/.test(problem))).toEqual([]);
  },
  60_000,
);

test(
  'unsaved text of a draft deleted meanwhile comes back as a new draft, not an endless error',
  async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-'));
    const started = await host();
    const context = await newContext(browser);
    const page = await openApp(context, started.url, problems, '#/compose');
    await page.getByLabel('Your post').fill('First words, saved.');
    await waitForSaved(page);
    const draftId = new URL(page.url()).hash.split('/').pop() ?? '';

    // The draft goes to the bin while text the app never acknowledged is still journalled
    // (as after a crash between a keystroke and its save).
    const ipc = await connectIpc(started.url);
    expect((await ipc.invoke('drafts.delete', { id: draftId })).ok).toBe(true);
    await page.evaluate(
      ([id]) =>
        localStorage.setItem(
          `agencyiq:draft-journal:${id}`,
          JSON.stringify({ id, body: 'Words typed just before the crash.', targets: [] }),
        ),
      [draftId],
    );
    await page.goto(`${started.url}#/drafts`);
    await page.reload();
    await page.getByText('They are saved now.').waitFor();
    await page.getByRole('link', { name: 'Words typed just before the crash.' }).waitFor();

    const found = await ipc.invoke('drafts.list', { query: 'crash' });
    expect(found.ok && found.value.items.map((item) => item.id)).not.toContain(draftId);
    expect(found.ok && found.value.items).toHaveLength(1);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('journal')))).toEqual([]);
    await ipc.close();
    expect(problems).toEqual([]);
    await context.close();
  },
  60_000,
);
