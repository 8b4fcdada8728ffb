import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AgencyIqBridge } from '@shared/ipc/bridge';
import type { RequestOf } from '@shared/ipc/contract';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium, headless; no browser is ever downloaded. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-AU' });
}

/**
 * Records what a clean run never shows: console errors (CSP violations land there), uncaught
 * page errors, and any request leaving the host ("works with the network unplugged").
 */
export function watchPage(page: Page, hostUrl: string, problems: string[]): void {
  const origin = new URL(hostUrl).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  void page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    problems.push(`request off the host: ${url}`);
    return route.abort();
  });
}

/** Opens the app at `hash` (e.g. "#/drafts") and waits until its navigation is on screen. */
export async function openApp(context: BrowserContext, hostUrl: string, problems: string[], hash = ''): Promise<Page> {
  const page = await context.newPage();
  watchPage(page, hostUrl, problems);
  await page.goto(hostUrl + hash);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

/** Waits for the Compose page's "Saved 2:31 pm". */
export async function waitForSaved(page: Page): Promise<void> {
  await page.getByText(/^Saved \d{1,2}:\d{2}\s?[ap]m$/).waitFor({ timeout: 10_000 });
}

/** A draft as `drafts.save` takes it; the id is made here. */
export type NewDraft = Omit<RequestOf<'drafts.save'>, 'id'>;

/**
 * Saves a draft through the page's own bridge (the contract Compose uses), so a test about
 * something else need not click through Compose to have one; returns its id.
 */
export async function saveDraft(page: Page, draft: NewDraft): Promise<string> {
  const id = randomUUID();
  const answer = await page.evaluate((request) => (window as unknown as { agencyiq: AgencyIqBridge }).agencyiq.invoke('drafts.save', request), { ...draft, id });
  if (!answer.ok) throw new Error(`drafts.save: ${answer.error.message}`);
  return id;
}

/** Saves `draft` from a first page, closes it, and opens the draft in Compose as the owner would find it. */
export async function openDraftInCompose(context: BrowserContext, hostUrl: string, problems: string[], draft: NewDraft): Promise<Page> {
  const first = await openApp(context, hostUrl, problems);
  const id = await saveDraft(first, draft);
  await first.close();
  return openApp(context, hostUrl, problems, `#/compose/${id}`);
}
