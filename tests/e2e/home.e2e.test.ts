import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { launchChromium, newContext, openApp, waitForSaved } from './support/browser';

// Home for a brand-new owner, in Chromium through the browser host: the app opens on it, the
// "Getting started" list has four steps to do, each leads (by keyboard too) to where it is done,
// and a step ticks itself off once the real state says so.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
let browser: Browser;
let host: WebHostProcess;
const problems: string[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-home-'));

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  host = await startWebHost({ dataDir });
}, 60_000);

afterAll(async () => {
  await host?.kill();
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a brand-new owner opens on Home, with four steps to get started that tick themselves off', async () => {
  const context = await newContext(browser);
  const page = await openApp(context, host.url, problems);
  await expect.poll(() => page.title()).toBe('Home – AgencyIQ');
  const steps = page.getByRole('region', { name: 'Getting started' });
  await steps.getByText('0 of 4 done').waitFor();
  expect(await steps.getByRole('link').allInnerTexts()).toEqual(['Fill in your business profile', 'Connect a network', 'Choose a plan', 'Write a post']);
  expect(await steps.getByRole('link', { name: 'Connect a network' }).getAttribute('href')).toBe('#/connections');
  expect(await steps.getByRole('link', { name: 'Choose a plan' }).getAttribute('href')).toBe('#/plan');
  expect(await steps.getByRole('link', { name: 'Write a post' }).getAttribute('href')).toBe('#/compose');
  // Nothing yet: said plainly, no made-up numbers.
  await page.getByText('Nothing goes out today.').waitFor();
  await page.getByText('Nothing needs you. If a post cannot go out, it shows here.').waitFor();
  await page.getByText('Nothing published in this period yet.', { exact: false }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'home-new-owner.png'), fullPage: true });

  // By keyboard: the first step's link opens the business profile.
  await steps.getByRole('link', { name: 'Fill in your business profile' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.title()).toBe('Brand – AgencyIQ');
  await page.getByLabel('Business name').fill('Noosa Bean Roasters');
  await page.getByRole('button', { name: 'Save' }).click();
  await waitForSaved(page);

  // Back on Home the step is done, from the saved profile.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await steps.getByText('1 of 4 done').waitFor();
  expect((await steps.getByRole('listitem').allTextContents())[0]).toContain('Tell AgencyIQ about your business (done)');
  expect(await steps.getByRole('link', { name: 'Fill in your business profile' }).count()).toBe(0);

  // A hash that names no page opens Home too; #/compose is a new draft.
  await page.goto(`${host.url.split('#')[0]}#/nowhere`);
  await expect.poll(() => page.title()).toBe('Home – AgencyIQ');
  expect(problems).toEqual([]);
  await context.close();
}, 120_000);
