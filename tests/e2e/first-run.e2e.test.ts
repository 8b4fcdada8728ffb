import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { expect, test } from 'vitest';
import { defaultPreferences } from '@shared/ipc/preferences-channels';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp } from './support/browser';

// The installed app's first run, as its window shows it. No Electron binary runs here, so the
// built renderer talks to the real core through the browser host, and the two answers that differ
// in the installed app are given as its core gives them on a first run: `app.info` says
// "electron", and `preferences.get` answers the installed app's defaults (`defaultPreferences`,
// which tests/unit/preferences-store.test.ts proves the store answers with nothing stored, and
// tests/integration/electron-main-glue.test.ts applies as a login item).

const FIRST_RUN_SENTENCE =
  'AgencyIQ starts when you log in, waits in the tray and tells you how each post went, so scheduled posts go out on time — you can change this in Settings.';

const session = appSession({ dataPrefix: 'agencyiq-e2e-first-run-', startHost: true });
const { problems } = session;

/**
 * Answers `app.info` and `preferences.get` as the installed app's core does on a first run; every
 * other call goes to the real core. The host's bridge defines `window.agencyiq` once, frozen, so
 * the definition itself is where the installed app's answers are put in.
 */
async function asInstalledApp(context: BrowserContext): Promise<void> {
  await context.addInitScript((installedDefaults) => {
    const define = Object.defineProperty;
    Object.defineProperty = function (target: object, key: PropertyKey, descriptor: PropertyDescriptor) {
      if (target === window && key === 'agencyiq' && descriptor.value) {
        const bridge = descriptor.value as { invoke: (channel: string, request: unknown) => Promise<{ ok: boolean; value?: unknown }>; on: unknown };
        const invoke = async (channel: string, request: unknown) => {
          const answer = await bridge.invoke(channel, request);
          if (channel === 'app.info' && answer.ok) return { ok: true, value: { ...(answer.value as object), host: 'electron' } };
          if (channel === 'preferences.get' && answer.ok) return { ok: true, value: installedDefaults };
          return answer;
        };
        return define(target, key, { ...descriptor, value: Object.freeze({ invoke, on: bridge.on }) });
      }
      return define(target, key, descriptor);
    } as typeof Object.defineProperty;
  }, defaultPreferences('electron'));
}

test('a first run of the installed app: starting at login and notifications on, said in one sentence, closed for good', async () => {
  const context = await newContext(session.browser);
  await asInstalledApp(context);
  const page = await openApp(context, session.host!.url, problems, '#/compose');

  const notice = page.getByRole('note').filter({ hasText: 'AgencyIQ starts when you log in' });
  await notice.waitFor();
  expect(await notice.locator('p').innerText()).toBe(FIRST_RUN_SENTENCE);
  // Said once, and not by the browser's own notice (the installed app has none).
  expect((await page.locator('body').innerText()).split('AgencyIQ starts when you log in').length - 1).toBe(1);
  expect(await page.getByText('You are using AgencyIQ in a web browser').count()).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'first-run-notice.png'), fullPage: true });

  // The switches it speaks of are on in Settings, where the owner can turn them off.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const startAtLogin = page.getByRole('checkbox', { name: 'Start AgencyIQ when I log in' });
  await expect.poll(() => startAtLogin.isChecked()).toBe(true);
  expect(await page.getByLabel(/Tell me when a post is published/).isChecked()).toBe(true);
  expect(await page.getByRole('checkbox', { name: 'This computer usually sleeps' }).isChecked()).toBe(false);

  // "Got it" closes it for good: not after a reload, not on another page.
  await notice.getByRole('button', { name: 'Got it' }).click();
  await expect.poll(() => notice.count()).toBe(0);
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  expect(await page.getByRole('note').filter({ hasText: 'AgencyIQ starts when you log in' }).count()).toBe(0);
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);
