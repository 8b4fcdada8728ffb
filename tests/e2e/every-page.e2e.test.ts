import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { axeViolations } from './support/axe';
import { newContext, openApp, waitForSaved } from './support/browser';

// Every page of the app, as an owner meets it empty and after some use: no developer wording
// in what the owner reads, and axe-core (its own package, injected into the page) finds no
// serious or critical accessibility violation.


/** Words and paths that belong to developers, not owners. */
const DENY = [/\bhost\b/i, /localhost/i, /\bvm\b/i, /\/tmp\//, /\\temp\\/i, /agencyiq-e2e/i, /\btries\b/i, /development/i, /\.db\b/];

const session = appSession({ dataPrefix: 'agencyiq-e2e-every-page-', startHost: true });
const { problems } = session;

/** The sidebar's pages, by their link text. */
async function pageNames(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  return (await links.allInnerTexts()).map((text) => text.split('\n')[0]!.trim());
}

/** Visits every page; returns what was wrong on each (deny-listed words, axe findings). */
async function checkEveryPage(page: Page, state: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await pageNames(page)) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
    await expect.poll(() => page.title()).toBe(`${name} – AgencyIQ`);
    // Settled: nothing still loading.
    await expect.poll(() => page.locator('.loading').count(), { timeout: 10_000 }).toBe(0);
    const text = await page.locator('body').innerText();
    for (const word of DENY) {
      const match = word.exec(text);
      if (match) found.push(`${state} ${name}: “${text.slice(Math.max(0, match.index - 40), match.index + 40)}”`);
    }
    for (const violation of await axeViolations(page, session.host!.url)) found.push(`${state} ${name}: ${violation}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `every-page-${state}-${name.toLowerCase()}.png`), fullPage: true });
  }
  return found;
}

test('every page, empty and after some use: no developer wording, no serious or critical axe violation', async () => {
  const context = await newContext(session.browser);
  const page = await openApp(context, session.host!.url, problems, '#/compose');
  expect(await pageNames(page)).toContain('Publishing');
  expect(await checkEveryPage(page, 'empty')).toEqual([]);
  // The Connections page names each network with its mark too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await expect.poll(() => page.getByRole('region', { name: 'X', exact: true }).locator('svg[data-platform-logo="x"]').count()).toBe(1);

  // Some use: a profile, a draft that is too long for X, a backup.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brand' }).click();
  await page.getByLabel('Business name').fill('Noosa Bean Roasters');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compose' }).click();
  await page.getByLabel('Your post').fill(`Lamington Blend week. ${'Come and taste it. '.repeat(16)}`);
  await page.getByRole('checkbox', { name: 'X', exact: true }).check();
  await waitForSaved(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('list', { name: 'Your backups' }).waitFor();

  expect(await checkEveryPage(page, 'filled')).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
}, 240_000);
