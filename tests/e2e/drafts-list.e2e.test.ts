import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { AgencyIqBridge } from '@shared/ipc/bridge';
import { appSession } from './support/app-session';
import { newContext, openApp } from './support/browser';

// The drafts list beyond the happy path: paging, sorting, duplicating, an empty search, and
// delete/undo done from the keyboard alone.

const session = appSession({ dataPrefix: 'agencyiq-e2e-' });
const { problems } = session;

/** Saves `count` drafts through the page's own bridge, oldest first, a few ms apart. */
async function seedDrafts(page: Page, count: number): Promise<void> {
  await page.evaluate(async (total) => {
    const bridge = (window as unknown as { agencyiq: AgencyIqBridge }).agencyiq;
    for (let n = 1; n <= total; n++) {
      const label = String(n).padStart(2, '0');
      const result = await bridge.invoke('drafts.save', {
        id: crypto.randomUUID(),
        body: `Seed draft ${label}: spring specials at the bakery.`,
        targets: [{ platform: 'facebook', text: null, title: null }],
      });
      if (!result.ok) throw new Error(result.error.message);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  }, count);
}

test(
  'pages, sorts, duplicates, finds nothing in plain words, and deletes and undoes from the keyboard',
  async () => {
    const host = await session.startHost();
    const context = await newContext(session.browser);
    const page = await openApp(context, host.url, problems, '#/drafts');
    await page.getByText('You have no drafts yet.').waitFor();
    await seedDrafts(page, 45);
    await page.reload();

    const rows = page.getByRole('list', { name: 'Your drafts' }).getByRole('listitem');
    const more = page.getByRole('button', { name: 'Show more drafts' });
    await expect.poll(() => rows.count()).toBe(20);
    expect(await rows.first().textContent()).toContain('Seed draft 45');
    await more.click();
    await expect.poll(() => rows.count()).toBe(40);
    await more.click();
    await expect.poll(() => rows.count()).toBe(45);
    expect(await more.count()).toBe(0);

    await page.getByLabel('Sort by').selectOption('created_asc');
    await expect.poll(() => rows.first().textContent()).toContain('Seed draft 01');
    await page.getByLabel('Sort by').selectOption('updated_desc');
    await expect.poll(() => rows.first().textContent()).toContain('Seed draft 45');

    // Duplicate, then open the copy from the message.
    await rows.first().getByRole('button', { name: /^Duplicate/ }).click();
    await page.getByText('Draft duplicated.').waitFor();
    await page.getByRole('button', { name: 'Open the copy' }).click();
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toContain('Seed draft 45');
    await page.getByRole('link', { name: 'Drafts' }).click();
    await page.getByLabel('Search drafts').fill('seed draft 45');
    await expect.poll(() => rows.count()).toBe(2);

    await page.getByLabel('Search drafts').fill('wombat');
    await page.getByText('No drafts match “wombat”.').waitFor();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(() => rows.count()).toBe(20);

    // Keyboard only: Delete with Enter puts focus on Undo, and Enter again restores.
    const firstLink = () => rows.first().getByRole('link').getAttribute('href');
    const deleted = await firstLink();
    await rows.first().getByRole('button', { name: /^Delete/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Draft deleted.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    expect(await firstLink()).not.toBe(deleted);
    await page.keyboard.press('Enter');
    await page.getByText('Draft restored.').waitFor();
    await expect.poll(firstLink).toBe(deleted);
    await expect.poll(() => rows.count()).toBe(20);

    expect(problems).toEqual([]);
    await context.close();
    await session.stopHost();
  },
  90_000,
);
