import path from 'node:path';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp, waitForSaved } from './support/browser';

// Home for a brand-new owner, in Chromium through the browser host: the app opens on it, the
// "Getting started" list has four steps to do, each leads (by keyboard too) to where it is done,
// and a step ticks itself off once the real state says so.

const session = appSession({ dataPrefix: 'agencyiq-e2e-home-', startHost: true });
const { problems } = session;

test('a brand-new owner opens on Home, with four steps to get started that tick themselves off', async () => {
  const context = await newContext(session.browser);
  const page = await openApp(context, session.host!.url, problems);
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
  await page.goto(`${session.host!.url.split('#')[0]}#/nowhere`);
  await expect.poll(() => page.title()).toBe('Home – AgencyIQ');
  expect(problems).toEqual([]);
  await context.close();
}, 120_000);
